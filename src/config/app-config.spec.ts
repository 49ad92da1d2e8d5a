import { ConfigError, loadAppConfig } from './app-config';

describe(loadAppConfig.name, () => {
  it('defaults to demo mode on port 3000 with the embedded database when nothing is configured', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({ port: 3000, demoMode: true, publicUrl: 'http://localhost:3000' });
    expect(config.database.url).toBeUndefined();
    expect(config.oidc.issuer).toBe('http://localhost:3000/idp');
  });

  it('uses DATABASE_URL and PORT when set', () => {
    const config = loadAppConfig({ DATABASE_URL: 'postgres://u@h/db', PORT: '8080' });
    expect(config.database.url).toBe('postgres://u@h/db');
    expect(config.port).toBe(8080);
    expect(config.oidc.issuer).toBe('http://localhost:8080/idp');
  });

  it('turns demo mode off when an external issuer is configured, and then needs the client credentials', () => {
    expect(() => loadAppConfig({ OIDC_ISSUER: 'https://login.example.org' })).toThrow(/OIDC_CLIENT_ID is required/);
    const config = loadAppConfig({ OIDC_ISSUER: 'https://login.example.org/', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's', OIDC_AGENCY_CLAIM: 'org' });
    expect(config).toMatchObject({ demoMode: false, oidc: { issuer: 'https://login.example.org', agencyClaim: 'org' } });
  });

  it('refuses demo mode in production, and production without a session secret, listing every problem', () => {
    let caught: unknown;
    try {
      loadAppConfig({ NODE_ENV: 'production', PORT: 'eighty' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toContain('PORT must be an integer');
    expect(message).toContain('DEMO_MODE cannot be on when NODE_ENV=production');
    expect(message).toContain('SESSION_SECRET must be at least 32 characters');
  });
});
