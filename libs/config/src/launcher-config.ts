import { z } from 'zod';
import { ConfigError } from './config';

const port = (def: number) => z.coerce.number().int().min(1).max(65535).default(def);
const count = (def: number, max: number) => z.coerce.number().int().min(1).max(max).default(def);

/**
 * What only the launchers read (`npm start`, `npm run start:cluster`): where data lives, the ports
 * of the services they start, and the cluster's shape. The apps never read these.
 */
export const launcherConfigSchema = z.object({
  /** Default: `.data` for `npm start`, `.data/cluster` for the cluster (their Temporal stores differ). */
  DATA_DIR: z.string().min(1).optional(),
  PG_PORT: port(54329),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  /** The local Mailpit the launcher starts when SMTP_URL is not set: its SMTP port and its web UI / HTTP API port. */
  MAILPIT_SMTP_PORT: port(1025),
  MAILPIT_HTTP_PORT: port(8025),
  CLUSTER_WORKERS: count(2, 32),
  CLUSTER_APIS: count(2, 32),
  /** Temporal's numHistoryShards: fixed once the cluster's store exists. */
  TEMPORAL_HISTORY_SHARDS: count(8, 16384),
});

export type LauncherConfig = z.infer<typeof launcherConfigSchema>;

export function loadLauncherConfig(env: NodeJS.ProcessEnv = process.env): LauncherConfig {
  const parsed = launcherConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
