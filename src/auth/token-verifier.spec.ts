import { generateKeyPair, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadAppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { OidcClientService } from './oidc-client.service';
import { TokenVerifier } from './token-verifier.service';

describe(TokenVerifier.name, () => {
  const config = loadAppConfig({ NODE_ENV: 'test', OIDC_ISSUER: 'http://127.0.0.1:1/issuer', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' });
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // A key-set endpoint that fails the way real ones do: an error page, or a page that is not a key set.
    server = createServer((req, res) => {
      if (req.url === '/error-page') res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Sign in</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const verifierFetchingKeysFrom = (jwksUri: string): TokenVerifier =>
    new TokenVerifier(config, { jwksUri: async () => new URL(jwksUri) } as OidcClientService);

  const someToken = async (): Promise<string> => {
    const { privateKey } = await generateKeyPair('RS256');
    return new SignJWT({ sub: 'someone' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(config.oidc.issuer).setAudience(config.oidc.audience).setExpirationTime('5m').sign(privateKey);
  };

  it.each([
    ['nothing listening', () => 'http://127.0.0.1:1/jwks'],
    ['an error page', () => `${baseUrl}/error-page`],
    ['a page that is not a key set', () => `${baseUrl}/not-a-key-set`],
  ])('answers SERVICE_UNAVAILABLE, not "token invalid", when the key set cannot be fetched (%s)', async (_case, uri) => {
    const refusal = await verifierFetchingKeysFrom(uri()).verify(await someToken()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('still calls a token that is not a JWT invalid', async () => {
    const refusal = await verifierFetchingKeysFrom('http://127.0.0.1:1/jwks').verify('not-a-token').catch((error: unknown) => error);
    expect((refusal as DomainError).code).toBe('TOKEN_INVALID');
  });
});
