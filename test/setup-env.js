process.env.TZ = 'UTC';
// Temporal's SDK logs every worker state change at INFO; tests only want warnings.
const { Runtime, DefaultLogger } = require('@temporalio/worker');
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this worker process
}
