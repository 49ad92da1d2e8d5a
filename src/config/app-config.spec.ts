import express from 'express';
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

  describe('TRUSTED_PROXIES', () => {
    /** Whether Express, set up as configureApp sets it, believes X-Forwarded-For from `peer`. */
    const believes = (trustedProxies: string[], peer: string): boolean => {
      const app = express();
      app.set('trust proxy', trustedProxies.length > 0 ? trustedProxies : false);
      return (app.get('trust proxy fn') as (address: string, hop: number) => boolean)(peer, 0);
    };

    it('trusts no proxy by default, not even loopback or a private network', () => {
      const { trustedProxies } = loadAppConfig({});
      expect(trustedProxies).toEqual([]);
      for (const peer of ['127.0.0.1', '::1', '10.0.0.5', '192.168.1.2', 'fd00::1', 'fe80::1']) expect(believes(trustedProxies, peer)).toBe(false);
    });

    it('trusts exactly the proxies listed', () => {
      const { trustedProxies } = loadAppConfig({ TRUSTED_PROXIES: '10.0.0.5, 2001:db8::/32,loopback' });
      expect(trustedProxies).toEqual(['10.0.0.5', '2001:db8::/32', 'loopback']);
      expect(believes(trustedProxies, '10.0.0.5')).toBe(true);
      expect(believes(trustedProxies, '2001:db8::7')).toBe(true);
      expect(believes(trustedProxies, '127.0.0.1')).toBe(true);
      // A client on a unique local address beside the proxy is not the proxy.
      expect(believes(trustedProxies, 'fd00::1')).toBe(false);
      expect(believes(trustedProxies, '10.0.0.6')).toBe(false);
    });

    it('refuses what is not an address, a range or a named range', () => {
      expect(() => loadAppConfig({ TRUSTED_PROXIES: '10.0.0.5, proxy.internal, 10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES .*\(not: proxy.internal, 10.0.0.0\/33\)/);
    });
  });
});
