/** A public client for `npm run token`: it never opens this redirect URI, it only reads the code from it. */
export const DEV_CLI_CLIENT = { clientId: 'chronicle-cli', redirectUri: 'http://127.0.0.1/token-callback' };
export const DEV_SCOPES = 'openid profile email chronicle';
