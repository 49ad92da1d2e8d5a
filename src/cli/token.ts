import { loadAppConfig } from '../config/app-config';
import { loadDemoData } from '../demo/demo-data';
import { obtainDevAccessToken } from '../dev-idp/dev-login';

/**
 * `npm run token` lists the demo users; `npm run token -- <username>` prints an access token for one,
 * obtained from the running server's development identity provider.
 */
async function main(): Promise<void> {
  const config = loadAppConfig();
  const data = loadDemoData(config.configDir);
  const username = process.argv[2];
  if (!username) {
    const agencies = new Map(data.agencies.map((agency) => [agency.code, agency]));
    for (const user of data.users) {
      const agency = agencies.get(user.agency);
      process.stdout.write(`${user.username}\t${agency?.name ?? user.agency}\t${agency?.type ?? ''}\t${user.role}\n`);
    }
    return;
  }
  if (!data.users.some((user) => user.username === username)) {
    process.stderr.write(`No demo user "${username}". Run "npm run token" to list them.\n`);
    process.exit(2);
  }
  try {
    process.stdout.write(`${await obtainDevAccessToken(config.oidc.issuer, username)}\n`);
  } catch (error) {
    process.stderr.write(
      `Could not get a token from ${config.oidc.issuer}: ${error instanceof Error ? error.message : String(error)}\n` +
        'Is the server running in demo mode ("npm start")? Set PORT or PUBLIC_URL if it runs elsewhere.\n',
    );
    process.exit(1);
  }
}

void main();
