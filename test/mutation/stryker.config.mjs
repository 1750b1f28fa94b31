// Mutation testing of the pure rules: libs/domain and the dossier lifecycle machine.
// Run from the repository root with `npm run mutation` (docs/testing.md explains the score).
import os from 'node:os';
import path from 'node:path';

// Two cores are shared with benchmarks and other test runs here: one test process unless told
// otherwise (STRYKER_CONCURRENCY=2 on a quiet machine).
const concurrency = Number(process.env.STRYKER_CONCURRENCY ?? 1);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'test/mutation/jest.config.js',
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  mutate: [
    'libs/domain/src/**/*.ts',
    '!libs/domain/src/**/*.spec.ts',
    'workflows/dossier.machine.ts',
  ],
  // The sandbox holds only what the unit specs of the mutated code load; node_modules is linked.
  ignorePatterns: ['/*', '!/libs', '!/workflows', '!/test', '/test/*', '!/test/setup-env.js', '!/test/mutation', '!/package.json', '!/tsconfig.json', '!/jest.config.js'],
  // Outside the work tree: tsc and eslint include test/, and a sandbox there would be read by them.
  tempDirName: path.join(os.tmpdir(), 'dossier-flow-stryker'),
  cleanTempDir: 'always',
  concurrency,
  // Generous: on a busy machine a short timeout turns slow runs into 'timeout' (counted as killed).
  timeoutMS: 60000,
  timeoutFactor: 3,
  // A later run reuses the results of mutants whose code and covering tests did not change.
  incremental: true,
  incrementalFile: 'test/mutation/reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test/mutation/reports/mutation.html' },
  jsonReporter: { fileName: 'test/mutation/reports/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
};
