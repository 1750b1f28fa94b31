import type { AppConfig } from '../../config/src';

/** Same options for the client (API) and the native connection (worker): local dev server or a cluster/Cloud. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: object;
  apiKey?: string;
}

export function temporalConnectionOptions(config: Pick<AppConfig, 'TEMPORAL_ADDRESS' | 'TEMPORAL_TLS' | 'TEMPORAL_API_KEY'>): TemporalConnectionOptions {
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set (the launcher sets it when it starts the dev server)');
  return {
    address: config.TEMPORAL_ADDRESS,
    tls: config.TEMPORAL_TLS || Boolean(config.TEMPORAL_API_KEY) ? {} : undefined,
    apiKey: config.TEMPORAL_API_KEY,
  };
}
