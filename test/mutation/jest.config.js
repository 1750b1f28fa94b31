// Jest config for mutation testing only (npm run mutation): the root config's `unit` project,
// flattened (Stryker's jest runner wants one project), and narrowed to the specs that cover the
// mutated code: libs/domain and the dossier lifecycle machine. The root jest.config.js stays the
// one that `npm test` and `npm run test:unit` use.
const root = require('../../jest.config.js');

const unit = root.projects.find((p) => p.displayName === 'unit');
if (!unit) throw new Error('jest.config.js has no "unit" project');

const { displayName: _displayName, testMatch: _testMatch, ...settings } = unit;

module.exports = {
  ...settings,
  rootDir: '../..',
  setupFiles: ['<rootDir>/test/mutation/setup-env.js'],
  testMatch: ['<rootDir>/libs/domain/src/**/*.spec.ts', '<rootDir>/workflows/dossier.machine*.spec.ts'],
  // The cross-check against date-holidays spends ~4 s per run inside that library (31 years of
  // moon phases); Stryker would pay it for every lunar mutant and every static mutant. lunar.spec.ts
  // pins the same functions on known dates. `npm run test:unit` still runs the cross-check.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/libs/domain/src/lunar-crosscheck\\.spec\\.ts$'],
};
