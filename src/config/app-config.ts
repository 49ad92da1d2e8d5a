import type { LogLevel } from '@nestjs/common';
import { isIP } from 'node:net';
import * as path from 'node:path';

export type RuntimeEnvironment = 'development' | 'production' | 'test';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Secret; never logged. */
  clientSecret: string;
  audience: string;
  scopes: string;
  agencyClaim: string;
  roleClaim: string;
  nameClaim: string;
}

export interface AppConfig {
  environment: RuntimeEnvironment;
  port: number;
  /** Processes serving on the port (WEB_CONCURRENCY); more than one runs a supervisor and that many workers. */
  workers: number;
  /** Unset: all interfaces, IPv6 and IPv4. */
  host?: string;
  publicUrl: string;
  demoMode: boolean;
  configDir: string;
  /** The least severe level logged (LOG_LEVEL); `debug` adds the framework's module and route lines. */
  logLevel: LogLevel;
  database: {
    /** Unset means: run the embedded PostgreSQL kept in `embeddedDir`. */
    url?: string;
    /** The schema owner's connection, for migrations; unset means `url`. */
    migrationUrl?: string;
    embeddedDir: string;
    embeddedPort: number;
  };
  oidc: OidcConfig;
  session: {
    /** Secret; never logged. */
    secret: string;
    cookieName: string;
    ttlSeconds: number;
    secureCookie: boolean;
  };
  /**
   * The proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES): addresses, CIDR ranges, or
   * loopback / linklocal / uniquelocal. Empty (the default): none, and the peer's own address is the
   * client's. A peer not listed could otherwise write any client address into the audit trail.
   */
  trustedProxies: string[];
  rateLimits: {
    /** Per signed-in user: sustained requests a second, and how many at once; 0 is no limit. */
    apiPerSecond: number;
    apiBurst: number;
    /** Per client address on /auth/login and /auth/callback. */
    signInPerMinute: number;
    /** Per client address: failed authentications before it is turned away for a while. */
    failedAuthenticationPerMinute: number;
  };
  /** Uploaded chronologies (src/import): the largest file and most rows read, and how long an upload waits to be committed. */
  import: { maxFileBytes: number; maxRows: number; pendingMinutes: number };
  audit: {
    /** PEM file of the Ed25519 key that signs chain checkpoints (secret); created on first use outside production. */
    signingKeyFile: string;
    /** How often the chain head is signed and published; 0 turns the schedule off. */
    checkpointIntervalSeconds: number;
    /** Where each checkpoint is also appended as a JSON line, for an operator to keep elsewhere. */
    checkpointFile?: string;
  };
  mail: {
    /** SMTP server for notification emails (SMTP_URL, e.g. smtps://user:password@host:465); unset: emails are logged, not sent. Secret. */
    smtpUrl?: string;
    from: string;
  };
  jobs: {
    /** Whether this instance runs queued jobs (JOB_WORKER); off, it only adds them for others to run. */
    worker: boolean;
    /** Jobs run at once by this instance. */
    concurrency: number;
    /** How often waiting jobs due later (retries) are looked for; new jobs start at once through LISTEN/NOTIFY. */
    pollIntervalMs: number;
  };
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '');

/** Demo-only client credentials of the development identity provider; refused in production. */
export const DEMO_OIDC_CLIENT = { clientId: 'chronicle-web', clientSecret: 'chronicle-demo-secret' };
export const DEFAULT_AUDIENCE = 'urn:chronicle:api';

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const environment = parseEnvironment(env.NODE_ENV, problems);
  const port = parseInteger('PORT', env.PORT, 3000, problems, { min: 0, max: 65535 });
  const host = env.HOST || undefined;
  const publicUrl = stripTrailingSlash(env.PUBLIC_URL ?? `http://localhost:${port}`);
  if (!isHttpUrl(publicUrl)) problems.push('PUBLIC_URL must be an http(s) URL');

  const demoMode = parseBoolean('DEMO_MODE', env.DEMO_MODE, env.OIDC_ISSUER === undefined, problems);
  if (demoMode && environment === 'production') {
    problems.push('DEMO_MODE cannot be on when NODE_ENV=production (it runs a development identity provider with known users)');
  }

  const oidc: OidcConfig = {
    issuer: stripTrailingSlash(env.OIDC_ISSUER ?? `${publicUrl}/idp`),
    clientId: env.OIDC_CLIENT_ID ?? (demoMode ? DEMO_OIDC_CLIENT.clientId : ''),
    clientSecret: env.OIDC_CLIENT_SECRET ?? (demoMode ? DEMO_OIDC_CLIENT.clientSecret : ''),
    audience: env.OIDC_AUDIENCE ?? DEFAULT_AUDIENCE,
    // The development provider releases agency and role under its `chronicle` scope.
    scopes: env.OIDC_SCOPES ?? (demoMode ? 'openid profile email chronicle' : 'openid profile email'),
    agencyClaim: env.OIDC_AGENCY_CLAIM ?? 'agency',
    roleClaim: env.OIDC_ROLE_CLAIM ?? 'role',
    nameClaim: env.OIDC_NAME_CLAIM ?? 'name',
  };
  if (!demoMode) {
    for (const [name, value] of [
      ['OIDC_ISSUER', env.OIDC_ISSUER],
      ['OIDC_CLIENT_ID', env.OIDC_CLIENT_ID],
      ['OIDC_CLIENT_SECRET', env.OIDC_CLIENT_SECRET],
    ] as const) {
      if (!value) problems.push(`${name} is required when DEMO_MODE is off`);
    }
  }
  if (!isHttpUrl(oidc.issuer)) problems.push('OIDC_ISSUER must be an http(s) URL');

  if (env.SMTP_URL && !/^smtps?:\/\/[^/]+/.test(env.SMTP_URL)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  if (env.DATABASE_MIGRATION_URL && !env.DATABASE_URL) problems.push('DATABASE_MIGRATION_URL needs DATABASE_URL (the role the server runs as)');

  const sessionSecret = env.SESSION_SECRET ?? (environment === 'production' ? '' : 'chronicle-development-session-secret');
  if (sessionSecret.length < 32) problems.push('SESSION_SECRET must be at least 32 characters (required in production)');

  if (environment === 'production' && !env.AUDIT_SIGNING_KEY_FILE) {
    problems.push('AUDIT_SIGNING_KEY_FILE is required in production (the Ed25519 key that signs audit checkpoints)');
  }

  const config: AppConfig = {
    environment,
    port,
    workers: parseInteger('WEB_CONCURRENCY', env.WEB_CONCURRENCY, 1, problems, { min: 1, max: 64 }),
    host,
    publicUrl,
    demoMode,
    configDir: path.resolve(env.CHRONICLE_CONFIG_DIR ?? path.join(PROJECT_ROOT, 'config')),
    logLevel: parseLogLevel(env.LOG_LEVEL, problems),
    database: {
      url: env.DATABASE_URL || undefined,
      migrationUrl: env.DATABASE_MIGRATION_URL || undefined,
      embeddedDir: path.resolve(env.EMBEDDED_PG_DIR ?? path.join(PROJECT_ROOT, '.data', 'postgres')),
      embeddedPort: parseInteger('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 54329, problems, { min: 1, max: 65535 }),
    },
    oidc,
    session: {
      secret: sessionSecret,
      cookieName: env.SESSION_COOKIE_NAME ?? 'chronicle.sid',
      ttlSeconds: parseInteger('SESSION_TTL_SECONDS', env.SESSION_TTL_SECONDS, 8 * 3600, problems, { min: 60 }),
      secureCookie: publicUrl.startsWith('https://'),
    },
    trustedProxies: parseTrustedProxies(env.TRUSTED_PROXIES, problems),
    rateLimits: {
      apiPerSecond: parseInteger('RATE_LIMIT_API_PER_SECOND', env.RATE_LIMIT_API_PER_SECOND, 20, problems, { min: 0, max: 100_000 }),
      apiBurst: parseInteger('RATE_LIMIT_API_BURST', env.RATE_LIMIT_API_BURST, 100, problems, { min: 1, max: 100_000 }),
      signInPerMinute: parseInteger('RATE_LIMIT_SIGN_IN_PER_MINUTE', env.RATE_LIMIT_SIGN_IN_PER_MINUTE, 10, problems, { min: 0, max: 100_000 }),
      failedAuthenticationPerMinute: parseInteger('RATE_LIMIT_FAILED_AUTH_PER_MINUTE', env.RATE_LIMIT_FAILED_AUTH_PER_MINUTE, 30, problems, { min: 0, max: 100_000 }),
    },
    import: {
      maxFileBytes: parseInteger('IMPORT_MAX_FILE_BYTES', env.IMPORT_MAX_FILE_BYTES, 5 * 1024 * 1024, problems, { min: 1024, max: 50 * 1024 * 1024 }),
      maxRows: parseInteger('IMPORT_MAX_ROWS', env.IMPORT_MAX_ROWS, 10_000, problems, { min: 1, max: 100_000 }),
      pendingMinutes: parseInteger('IMPORT_PENDING_MINUTES', env.IMPORT_PENDING_MINUTES, 60, problems, { min: 1, max: 24 * 60 }),
    },
    audit: {
      signingKeyFile: path.resolve(env.AUDIT_SIGNING_KEY_FILE ?? path.join(PROJECT_ROOT, '.data', 'audit-signing-key.pem')),
      checkpointIntervalSeconds: parseInteger('AUDIT_CHECKPOINT_INTERVAL_SECONDS', env.AUDIT_CHECKPOINT_INTERVAL_SECONDS, 900, problems, { min: 0, max: 7 * 86400 }),
      checkpointFile: env.AUDIT_CHECKPOINT_FILE ? path.resolve(env.AUDIT_CHECKPOINT_FILE) : undefined,
    },
    mail: {
      smtpUrl: env.SMTP_URL || undefined,
      from: env.MAIL_FROM ?? 'Chronicle <no-reply@localhost>',
    },
    jobs: {
      worker: parseBoolean('JOB_WORKER', env.JOB_WORKER, true, problems),
      concurrency: parseInteger('JOB_CONCURRENCY', env.JOB_CONCURRENCY, 2, problems, { min: 1, max: 50 }),
      pollIntervalMs: parseInteger('JOB_POLL_INTERVAL_MS', env.JOB_POLL_INTERVAL_MS, 2000, problems, { min: 100, max: 600_000 }),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function parseEnvironment(value: string | undefined, problems: string[]): RuntimeEnvironment {
  const environment = value ?? 'development';
  if (environment === 'development' || environment === 'production' || environment === 'test') return environment;
  problems.push(`NODE_ENV must be development, production or test (got "${environment}")`);
  return 'development';
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

function parseLogLevel(value: string | undefined, problems: string[]): LogLevel {
  if (value === undefined || value === '') return 'log';
  const level = LOG_LEVELS.find((known) => known === value.toLowerCase());
  if (level) return level;
  problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${value}")`);
  return 'log';
}

function parseInteger(
  name: string,
  value: string | undefined,
  fallback: number,
  problems: string[],
  bounds: { min?: number; max?: number },
): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${value}")`);
    return fallback;
  }
  return parsed;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (value === undefined || value === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no', 'off'].includes(value.toLowerCase())) return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return fallback;
}

const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function parseTrustedProxies(value: string | undefined, problems: string[]): string[] {
  const items = (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  const invalid = items.filter((item) => {
    if (PROXY_RANGE_NAMES.includes(item)) return false;
    const [address, prefix, ...rest] = item.split('/');
    const version = isIP(address);
    if (version === 0 || rest.length > 0) return true;
    return prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
  });
  if (invalid.length > 0) {
    problems.push(`TRUSTED_PROXIES must list addresses, CIDR ranges (10.0.0.0/8) or ${PROXY_RANGE_NAMES.join(', ')}, comma-separated (not: ${invalid.join(', ')})`);
  }
  return items;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function stripTrailingSlash(value: string): string {
  return value.replace(/\/+$/, '');
}
