// The unit specs of the mutated code need only the fixed zone of test/setup-env.js. That file also
// loads @temporalio/worker (its native runtime) and Nest to quiet their loggers, which costs a
// second or more per test run — and Stryker starts a run for every mutant.
process.env.TZ = 'UTC';
