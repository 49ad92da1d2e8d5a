import * as client from 'openid-client';
import { DEV_CLI_CLIENT, DEV_SCOPES } from './dev-clients';

/**
 * A tiny cookie jar for driving the sign-in pages from code. One jar per origin is enough here:
 * the development identity provider and the server share one.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** Fetches without following redirects, keeping cookies; returns the response and where it points. */
export async function step(url: string, jar: CookieJar, init: RequestInit = {}): Promise<{ response: Response; location?: string }> {
  const headers = new Headers(init.headers);
  const cookie = jar.header();
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(response);
  const location = response.headers.get('location');
  return { response, location: location ? new URL(location, url).href : undefined };
}

/**
 * Follows redirects until one leaves for `stopAt` (the client's redirect URI), answering the demo
 * sign-in form as `username` on the way. Returns the final redirect URL.
 */
export async function signInThroughProvider(startUrl: string, username: string, jar: CookieJar, stopAt: string): Promise<string> {
  let url = startUrl;
  for (let hops = 0; hops < 12; hops += 1) {
    if (url.startsWith(stopAt)) return url;
    const { response, location } = await step(url, jar);
    if (location) {
      url = location;
      continue;
    }
    if (response.status === 200 && /\/interaction\/[^/]+$/.test(new URL(url).pathname)) {
      const login = await step(`${url}/login`, jar, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username }).toString(),
      });
      if (!login.location) throw new Error(`Sign-in as "${username}" was refused (HTTP ${login.response.status})`);
      url = login.location;
      continue;
    }
    throw new Error(`Unexpected HTTP ${response.status} from ${url}: ${(await response.text()).slice(0, 200)}`);
  }
  throw new Error('Too many redirects during sign-in');
}

/**
 * Gets a real access token for a demo user from the development identity provider, by the same
 * authorization code + PKCE flow a native app would use.
 */
export async function obtainDevAccessToken(issuer: string, username: string): Promise<string> {
  const execute = issuer.startsWith('http://') ? [client.allowInsecureRequests] : [];
  const configuration = await client.discovery(new URL(issuer), DEV_CLI_CLIENT.clientId, undefined, client.None(), { execute });
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorizationUrl = client.buildAuthorizationUrl(configuration, {
    redirect_uri: DEV_CLI_CLIENT.redirectUri,
    scope: DEV_SCOPES,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
  });
  const callback = await signInThroughProvider(authorizationUrl.href, username, new CookieJar(), DEV_CLI_CLIENT.redirectUri);
  const tokens = await client.authorizationCodeGrant(configuration, new URL(callback), {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
  });
  return tokens.access_token;
}
