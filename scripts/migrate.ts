import { loadConfig } from '../libs/config/src';
import { runMigrations } from '../libs/db/src';

/** `npm run migrate`: applies pending migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const url = loadConfig().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const done = await runMigrations(url);
  console.log(done.length ? `applied: ${done.join(', ')}` : 'schema is up to date');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
