import express, { NextFunction, Request, Response, Router } from 'express';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { Adapter, Configuration, JWK } from 'oidc-provider';
import type { DemoUser } from '../demo/demo-data';
import { DEV_CLI_CLIENT, DEV_SCOPES } from './dev-clients';
import { errorPage, loginPage } from './dev-login-page';


export interface DevIdentityProviderOptions {
  issuer: string;
  audience: string;
  webClient: { clientId: string; clientSecret: string; redirectUri: string };
  users: DemoUser[];
  /** Agency names by code, for the sign-in page. */
  agencyNames?: Record<string, string>;
  /** Signs the provider's cookies; the same on every instance. */
  cookieSecret: string;
  /** Defaults to a fresh key (tests of foreign issuers). */
  signingKey?: JWK;
  /** Defaults to oidc-provider's in-memory store (tests of foreign issuers). */
  adapter?: (model: string) => Adapter;
  accessTokenTtlSeconds?: number;
}

export interface DevIdentityProvider {
  issuer: string;
  /** Mount at the issuer URL's path. */
  router: Router;
  /** The private signing key, so tests can mint tokens the real keys would sign (e.g. already expired). */
  signingKey: JWK;
}

/**
 * The development identity provider for demo mode and tests: the certified `oidc-provider`
 * implementation, with the demo users, issuing RFC 9068 JWT access tokens for the Chronicle API
 * that carry the agency and role claims. Never started outside demo mode.
 */
export function createDevIdentityProvider(options: DevIdentityProviderOptions): DevIdentityProvider {
  const users = new Map(options.users.map((user) => [user.username, user]));
  const signingKey = options.signingKey ?? generateSigningKey();
  const accountClaims = (user: DemoUser) => ({
    sub: user.username,
    name: user.name,
    email: user.email,
    job_title: user.jobTitle,
    agency: user.agency,
    role: user.role,
  });

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.webClient.clientId,
        client_secret: options.webClient.clientSecret,
        redirect_uris: [options.webClient.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: DEV_CLI_CLIENT.clientId,
        application_type: 'native',
        redirect_uris: [DEV_CLI_CLIENT.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [createHmac('sha256', options.cookieSecret).update('chronicle:dev-idp:cookies').digest('hex')] },
    ...(options.adapter ? { adapter: options.adapter } : {}),
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'email', 'chronicle'],
    claims: { openid: ['sub'], profile: ['name', 'job_title'], email: ['email'], chronicle: ['agency', 'role'] },
    // ID tokens carry the granted claims directly, so the browser session knows agency and role without a userinfo call.
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => {
      const user = users.get(id);
      return user ? { accountId: id, claims: () => accountClaims(user) } : undefined;
    },
    extraTokenClaims: (_ctx, token) => {
      const user = 'accountId' in token ? users.get(token.accountId) : undefined;
      return user ? { name: user.name, agency: user.agency, role: user.role, job_title: user.jobTitle, email: user.email } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'chronicle',
          audience: options.audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: options.accessTokenTtlSeconds ?? 3600,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    interactions: { url: (_ctx, interaction) => `${new URL(options.issuer).pathname}/interaction/${interaction.uid}` },
    ttl: { Session: 8 * 3600, Interaction: 600, Grant: 8 * 3600, AuthorizationCode: 60, IdToken: 3600, AccessToken: options.accessTokenTtlSeconds ?? 3600 },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(String(out.error), String(out.error_description ?? ''));
    },
  };

  const provider = new Provider(options.issuer, configuration);
  provider.proxy = true;

  // First-party clients only: signing in is the consent, so grant what they ask for.
  const grantFor = async (accountId: string, clientId: string): Promise<string> => {
    const grant = new provider.Grant({ accountId, clientId });
    grant.addOIDCScope(DEV_SCOPES);
    grant.addOIDCClaims(['agency', 'role', 'name', 'job_title', 'email']);
    grant.addResourceScope(options.audience, 'chronicle');
    return grant.save();
  };

  const router = express.Router();
  router.get('/interaction/:uid', asyncHandler(async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'consent' && details.session?.accountId) {
      const grantId = await grantFor(details.session.accountId, String(details.params.client_id));
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    res.type('html').send(loginPage(details.uid, options.users, options.agencyNames ?? {}));
  }));
  router.post('/interaction/:uid/login', express.urlencoded({ extended: false, limit: '4kb' }), asyncHandler(async (req, res) => {
    const username = typeof req.body?.username === 'string' ? req.body.username : '';
    const details = await provider.interactionDetails(req, res);
    if (!users.has(username)) {
      res.status(400).type('html').send(loginPage(details.uid, options.users, options.agencyNames ?? {}, 'Unknown demo user'));
      return;
    }
    const grantId = await grantFor(username, String(details.params.client_id));
    await provider.interactionFinished(req, res, { login: { accountId: username }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }));
  router.use(provider.callback());
  return { issuer: options.issuer, router, signingKey };
}

export function generateSigningKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: `dev-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };
}

function asyncHandler(handler: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).catch(next);
  };
}
