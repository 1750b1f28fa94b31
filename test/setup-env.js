process.env.TZ = 'UTC';
// Temporal's SDK logs every worker state change at INFO; tests only want warnings.
const { Runtime, DefaultLogger } = require('@temporalio/worker');
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this worker process
}
// Nest's static Logger (used by the worker's deadline clock) prints to the console until an app
// installs its own logger; like the SDK's INFO lines, that is noise here. Apps under test still
// install their (silent) pino logger.
require('@nestjs/common').Logger.overrideLogger(['warn', 'error']);
