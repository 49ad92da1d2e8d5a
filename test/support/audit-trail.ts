import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiFor, createChildWithTeam, USERS, validEntry } from './fixtures';
import { startTestApp, TestApp } from './test-app';

/** What the audit trail's end-to-end specs (test/e2e/audit-*.e2e-spec.ts) share. */

export const REASON = 'Out-of-hours child protection referral; the allocated worker is unavailable tonight.';
export const CANARY = 'CANARY-AUDIT-CONTENT-7f3a';
export const CHAIN_LOCK = `hashtextextended('chronicle:audit-chain', 0)`;

/** A copy of config/ whose audit reports fire in a small test: three children make unusual volume, and "now" is out of hours. */
export function reportConfigDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-audit-'));
  fs.cpSync(path.join(__dirname, '..', '..', 'config'), dir, { recursive: true });
  const settings = JSON.parse(fs.readFileSync(path.join(dir, 'audit-reports.json'), 'utf8'));
  settings.unusualVolume.distinctChildren = 3;
  const london = (offsetMinutes: number): string =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMinutes * 60_000));
  // A one-minute working day twelve hours away: whatever the test does now is out of hours.
  const start = london(12 * 60);
  settings.outOfHours = { timeZone: 'Europe/London', workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start, end: start < '23:59' ? london(12 * 60 + 1) : '23:59' };
  if (settings.outOfHours.end <= settings.outOfHours.start) settings.outOfHours = { ...settings.outOfHours, start: '00:00', end: '00:01' };
  fs.writeFileSync(path.join(dir, 'audit-reports.json'), JSON.stringify(settings));
  return dir;
}

export interface Verification {
  valid: boolean;
  fromSeq: number;
  links: number;
  head: { seq: number; hash: string } | null;
  firstProblem: { kind: string; seq: number | null; eventId: string | null } | null;
  keptCheckpoint: { matches: boolean } | null;
}

export async function verifyChainOf(testApp: TestApp, query = ''): Promise<Verification> {
  const response = await apiFor(testApp, USERS.dpo).get(`/api/audit/verify${query}`);
  expect(response.status).toBe(200);
  return response.body;
}

/** `npm run audit` against the test app's database as the server's own login; never throws, so exit codes can be asserted. */
export function runAuditCli(testApp: TestApp, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'audit', '--', ...args],
      { cwd: path.join(__dirname, '..', '..'), env: { ...process.env, DATABASE_URL: testApp.config.database.url, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

/** Work done behind the application's back: as the owner, with triggers off (a superuser's powers). */
export function tamperWith(testApp: TestApp, sql: string, parameters: unknown[] = []): Promise<unknown[]> {
  return testApp.asOwner(async (client) => {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const result = await client.query(sql, parameters);
    await client.query('COMMIT');
    return result.rows;
  });
}

/** A server whose trail holds a police entry (its summary a canary), a health visitor's read of the chronology and a signed checkpoint. */
export interface AuditTrailFixture {
  testApp: TestApp;
  configDir: string;
  checkpointFile: string;
  childId: string;
  close(): Promise<void>;
}

/** Starting a server and writing the fixture's events takes longer than jest's five seconds for a hook on a busy machine. */
export const FIXTURE_TIMEOUT_MS = 60_000;

export async function startAuditTrail(): Promise<AuditTrailFixture> {
  const configDir = reportConfigDir();
  const checkpointFile = path.join(configDir, 'checkpoints.jsonl');
  const testApp = await startTestApp({ env: { CHRONICLE_CONFIG_DIR: configDir, AUDIT_CHECKPOINT_FILE: checkpointFile, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0', TRUSTED_PROXIES: 'loopback' } });
  const childId = await createChildWithTeam(testApp, [
    { username: USERS.healthVisitor, capacity: 'health-visitor' },
    { username: USERS.police, capacity: 'police-contact' },
  ]);
  const created = await apiFor(testApp, USERS.police).post(`/api/children/${childId}/entries`, validEntry({ summary: `Police concern ${CANARY}`, eventType: 'concern-raised' }));
  if (created.status !== 201) throw new Error(`The audit trail's fixture entry was refused: ${created.status}`);
  if ((await apiFor(testApp, USERS.healthVisitor).get(`/api/children/${childId}/chronology`)).status !== 200) throw new Error("The audit trail's fixture read failed");
  if ((await apiFor(testApp, USERS.dpo).post('/api/audit/checkpoints')).status !== 201) throw new Error("The audit trail's fixture checkpoint failed");
  return {
    testApp,
    configDir,
    checkpointFile,
    childId,
    close: async () => {
      await testApp.close();
      fs.rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** A row as JSON, read as the owner (so it can be put back after tampering). */
export async function rowAsJson(testApp: TestApp, table: string, where: string, parameters: unknown[]): Promise<unknown> {
  return (await testApp.ownerQuery<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE ${where}`, parameters))[0].row;
}

export function restoreRow(testApp: TestApp, table: string, row: unknown): Promise<unknown> {
  return tamperWith(testApp, `INSERT INTO ${table} OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_record(NULL::${table}, $1)`, [row]);
}

/** RFC 4180, enough for the export: quoted cells may hold commas, quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(cell);
      cell = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 1;
    } else cell += character;
  }
  return rows;
}

