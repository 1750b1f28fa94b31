import { DataSource } from 'typeorm';
import { loadConfig } from '../libs/config/src';
import { dataSourceOptions, verifyAuditChains } from '../libs/db/src';
import { launchFailureLine } from './lib/launch-error';

/**
 * `npm run audit:verify [-- <chain>]`: recomputes the audit hash chains in DATABASE_URL (all of
 * them, or the one given), prints the result as JSON and exits 1 when a link is broken.
 */
async function main(): Promise<number> {
  const url = loadConfig().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const chain = process.argv[2];
  const ds = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    const result = await verifyAuditChains(ds, { chain });
    console.log(JSON.stringify(result, null, 2));
    if (result.firstBroken) {
      const b = result.firstBroken;
      console.error(`audit chain broken: chain ${b.chain}, seq ${b.seq} (id ${b.id}): ${b.reason}`);
      return 1;
    }
    console.log(`audit trail intact: ${result.checked} entries in ${result.chains} chains`);
    return 0;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(launchFailureLine('audit:verify', err));
    process.exit(2);
  },
);
