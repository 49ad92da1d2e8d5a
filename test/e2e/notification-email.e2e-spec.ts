import request from 'supertest';
import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { startSmtpSink } from '../support/smtp-sink';
import { freePort, startTestApp, TestApp } from '../support/test-app';

const CANARY = 'CANARY-EMAIL-9b27';
const TEACHER_EMAIL = 'fiona.morrison@example.org';
const LEAD_EMAIL = 'priya.patel@example.org';

async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('notification emails, through a real SMTP server, from two instances', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let first: TestApp;
  let second: TestApp;
  let childId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const env = { SMTP_URL: sink.url, MAIL_FROM: 'Chronicle <chronicle@example.org>', JOB_POLL_INTERVAL_MS: '200', AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' };
    first = await startTestApp({ env });
    second = await startTestApp({ sharedDatabaseUrl: first.databaseUrl, env: { ...env, PUBLIC_URL: first.baseUrl, PORT: String(await freePort()) } });
    childId = await createChildWithTeam(first, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.teacher, capacity: 'class-teacher' },
      { username: USERS.socialWorker, capacity: 'lead-professional' },
    ]);
    for (const username of [USERS.teacher, USERS.socialWorker]) {
      expect((await apiFor(first, username).put('/api/me/notification-preferences', { email: true })).status).toBe(200);
    }
  }, 120_000);

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await sink?.close();
  });

  const recipientsOf = (to: string) => sink.received.filter((mail) => mail.to.includes(to));

  it('emails those who chose email, once each, with no case content, though both instances run jobs', async () => {
    const entries = 5;
    for (let index = 0; index < entries; index += 1) {
      const response = await apiFor(first, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ significant: true, summary: `Significant ${index} ${CANARY}` }));
      expect(response.status).toBe(201);
    }
    await waitFor(() => recipientsOf(TEACHER_EMAIL).length >= entries && recipientsOf(LEAD_EMAIL).length >= entries, 'every email');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(recipientsOf(TEACHER_EMAIL)).toHaveLength(entries);
    expect(recipientsOf(LEAD_EMAIL)).toHaveLength(entries);
    // The health visitor did not choose email (and wrote the entries).
    expect(recipientsOf('helen.hughes@example.org')).toHaveLength(0);

    // Quoted-printable: soft line breaks joined again.
    const mail = recipientsOf(TEACHER_EMAIL)[0].raw.replace(/=\r?\n/g, '');
    expect(mail).toContain('A significant event was recorded for a child you work with. Sign in to see it.');
    expect(mail).toContain(`${first.baseUrl}/inbox`);
    expect(mail).not.toContain(CANARY);
    expect(mail).not.toMatch(/Test|Child\d|health/i);

    const sent = await first.ownerQuery<{ count: number }>(`SELECT count(*)::int AS count FROM audit.events WHERE action = 'notification.email' AND child_id = $1`, [childId]);
    expect(sent[0].count).toBe(entries * 2);
  }, 60_000);

  it('retries while the mail server turns messages away, showing /health degraded (not down), and sends once it takes them', async () => {
    sink.refuse = true;
    const response = await apiFor(first, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ significant: true }));
    expect(response.status).toBe(201);
    const jobs = () => first.ownerQuery<{ id: string; attempts: number; last_error: string | null }>(`SELECT id, attempts, last_error FROM graphile_worker._private_jobs WHERE task_id = (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'notifications:send-email')`);
    await waitFor(async () => (await jobs()).length === 2 && (await jobs()).every((job) => job.last_error !== null), 'the first tries to fail');
    expect((await jobs())[0].last_error).toMatch(/451/);
    // The backoff is not waited out: the retries are brought forward, as the owner.
    await first.ownerQuery(`UPDATE graphile_worker._private_jobs SET run_at = now()`);
    await waitFor(async () => (await jobs()).every((job) => job.attempts >= 2 && job.last_error !== null), 'the second tries to fail');
    const health = await request(second.baseUrl).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', database: 'up', jobs: 'failing' });

    const before = sink.received.length;
    sink.refuse = false;
    await first.ownerQuery(`UPDATE graphile_worker._private_jobs SET run_at = now()`);
    await waitFor(async () => (await jobs()).length === 0, 'the emails to go');
    expect(sink.received.length - before).toBe(2);
    expect((await request(first.baseUrl).get('/health')).body).toMatchObject({ status: 'ok', jobs: 'ok' });
  }, 60_000);
});
