// Mutation testing of the pure rules (`npm run mutation`): how many deliberate mistakes in packages/domain the domain
// tests notice. The files mutated are the rules that decide something for a user (workflow states, indicator
// formulas, identity checks, masking, campaign dates, roles); reference tables and zod contracts are data. The score
// is recorded in bench/README.md.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'packages/domain/vitest.config.ts', dir: 'packages/domain' },
  mutate: [
    'packages/domain/src/workflow/**/*.ts',
    'packages/domain/src/indicators/**/*.ts',
    'packages/domain/src/{idcard,uscc,contacts,campaign,roles,password}.ts',
    '!packages/domain/src/**/*.test.ts',
  ],
  // The table in the terminal; reports/mutation/mutation.html (not committed) shows each surviving mutant.
  reporters: ['clear-text', 'progress', 'html'],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) rerun every test each; they cost 94 % of the time for 29 % of mutants.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
