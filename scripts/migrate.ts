import { loadConfig } from '../libs/config/src';
import { runMigrations } from '../libs/db/src';
import { LaunchError, launchFailureLine } from './lib/launch-error';

/** `npm run migrate`: applies pending migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const url = loadConfig().DATABASE_URL;
  if (!url) throw new LaunchError('DATABASE_URL is not set', 'set it to the database to migrate, e.g. postgres://user:password@host:5432/dossier_flow');
  const done = await runMigrations(url);
  console.log(done.length ? `applied: ${done.join(', ')}` : 'schema is up to date');
}

main().catch((err: unknown) => {
  console.error(launchFailureLine('migrate', err));
  process.exit(1);
});
