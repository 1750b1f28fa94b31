import { loadConfig } from '../libs/config/src';
import { temporalConnectionOptions } from '../libs/temporal/src/connection-options';
import { waitFor } from './lib/ports';
import { ensureNamespace } from './lib/temporal-cluster';
import { DOSSIER_SEARCH_ATTRIBUTES } from '../libs/temporal/src/search-attributes';
import { launchFailureLine } from './lib/launch-error';

/**
 * `npm run temporal:setup`: on the Temporal cluster named by TEMPORAL_ADDRESS, registers
 * TEMPORAL_NAMESPACE (retention TEMPORAL_RETENTION_DAYS, default 7) and our search attributes,
 * and waits until they can be used. Safe to repeat; `npm run start:cluster` runs the same steps.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set: name the cluster\'s frontend, e.g. temporal.internal:7233');
  const retention = Number(process.env.TEMPORAL_RETENTION_DAYS ?? 7);
  if (!Number.isInteger(retention) || retention < 1) throw new Error('TEMPORAL_RETENTION_DAYS: expected a whole number of days, at least 1');
  await waitFor(() => ensureNamespace(temporalConnectionOptions(config), config.TEMPORAL_NAMESPACE, retention).then(() => true), {
    timeoutMs: 60_000,
    intervalMs: 1000,
    what: `namespace ${config.TEMPORAL_NAMESPACE} and search attributes ${DOSSIER_SEARCH_ATTRIBUTES.map((k) => k.name).join(', ')} on ${config.TEMPORAL_ADDRESS}`,
  });
  process.stdout.write(`namespace ${config.TEMPORAL_NAMESPACE} and search attributes ${DOSSIER_SEARCH_ATTRIBUTES.map((k) => k.name).join(', ')} are ready on ${config.TEMPORAL_ADDRESS}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${launchFailureLine('temporal:setup', err)}\n`);
  process.exit(1);
});
