import { Clock } from '../../src/common/clock';
import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const CANARY = 'CANARY-NOTIFICATION-c41d';
const today = new Date().toISOString().slice(0, 10);

describe('notifications of significant events', () => {
  let testApp: TestApp;
  let childId: string;
  const as = (username: string) => apiFor(testApp, username);
  const inbox = async (username: string) => {
    const response = await as(username).get('/api/notifications');
    expect(response.status).toBe(200);
    return response.body as { unread: number; items: { id: string; reason: string; message: string; readAt: string | null; entry: Record<string, unknown> & { id: string } }[] };
  };
  const itemFor = async (username: string, entryId: string) => (await inbox(username)).items.find((item) => item.entry.id === entryId);
  const record = async (username: string, overrides: Record<string, unknown>) => {
    const response = await as(username).post(`/api/children/${childId}/entries`, validEntry(overrides));
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  beforeAll(async () => {
    testApp = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' } });
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.teacher, capacity: 'class-teacher' },
      { username: USERS.socialWorker, capacity: 'lead-professional' },
      { username: USERS.mentor, capacity: 'mentor' },
      { username: USERS.police, capacity: 'police-contact' },
    ]);
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  describe('GET /api/notifications', () => {
    it('requires authentication', async () => {
      const response = await fetch(`${testApp.baseUrl}/api/notifications`);
      expect(response.status).toBe(401);
    });
  });

  it('tells the team of a significant entry, each only as much as they may read of it (canary)', async () => {
    const entryId = await record(USERS.healthVisitor, { significant: true, sensitivity: 'sensitive', summary: `Disclosure at home visit ${CANARY}`, detail: `Detail ${CANARY}` });

    // The lead professional (social work, involved) reads sensitive entries in full.
    const lead = await itemFor(USERS.socialWorker, entryId);
    expect(lead).toMatchObject({ reason: 'significant', readAt: null, entry: { kind: 'entry', summary: `Disclosure at home visit ${CANARY}` } });
    expect(lead!.message).toMatch(/^A significant event was recorded for Test Child\d+ by /);

    // The others on the team see a sensitive entry's outline, not what it says.
    for (const username of [USERS.teacher, USERS.mentor, USERS.police]) {
      const response = await as(username).get('/api/notifications');
      expect(JSON.stringify(response.body)).not.toContain(CANARY);
      const item = response.body.items.find((candidate: { entry: { id: string } }) => candidate.entry.id === entryId);
      expect(item).toMatchObject({ reason: 'significant', entry: { kind: 'entry', eventType: { code: 'health-assessment' } } });
      expect(item.entry).not.toHaveProperty('summary');
    }

    // The author is not told of their own entry; someone off the team is not told at all.
    expect(await itemFor(USERS.healthVisitor, entryId)).toBeUndefined();
    expect(await itemFor(USERS.gp, entryId)).toBeUndefined();

    const [event] = await testApp.ownerQuery<{ details: { recipients: string[] }; actor_subject: string }>(
      `SELECT details, actor_subject FROM audit.events WHERE action = 'notification.create' AND $1 = ANY(entry_ids)`,
      [entryId],
    );
    expect(event.actor_subject).toBe(USERS.healthVisitor);
    expect(event.details.recipients).toHaveLength(4);
  });

  it('tells no one of an entry they may only know exists: not that it matters, nor when it was recorded or amended', async () => {
    // The teacher may know of NHS Lanarkshire's restricted entries only as a count, without dates: being told of one would say more.
    const inbox = async () => {
      const response = await as(USERS.teacher).get('/api/notifications');
      expect(JSON.stringify(response.body)).not.toContain(CANARY);
      return { unread: response.body.unread as number, ids: (response.body.items as { id: string }[]).map((item) => item.id) };
    };
    expect((await as(USERS.teacher).put(`/api/children/${childId}/follow`, { follow: true })).status).toBe(200);
    const readable = await record(USERS.healthVisitor, { significant: true });
    expect(await itemFor(USERS.teacher, readable)).toMatchObject({ reason: 'significant' });
    const before = await inbox();
    await record(USERS.healthVisitor, { significant: true, sensitivity: 'restricted', summary: `Restricted ${CANARY}` });
    await record(USERS.healthVisitor, { significant: false, sensitivity: 'restricted', summary: `Restricted ${CANARY}` });
    const amended = await as(USERS.healthVisitor).post(`/api/entries/${readable}/amendments`, {
      reason: 'Reassessed: restricted to the health service',
      changes: { sensitivity: 'restricted', summary: `Amended ${CANARY}` },
    });
    expect(amended.status).toBe(201);
    expect(await inbox()).toEqual(before);
    expect((await as(USERS.teacher).put(`/api/children/${childId}/follow`, { follow: false })).status).toBe(200);
  });

  it('does not tell the team of an entry that is not significant, but tells those who follow the child', async () => {
    expect((await as(USERS.police).put(`/api/children/${childId}/follow`, { follow: true })).status).toBe(200);
    const entryId = await record(USERS.teacher, { significant: false, eventType: 'health-assessment' });
    expect(await itemFor(USERS.socialWorker, entryId)).toBeUndefined();
    expect(await itemFor(USERS.police, entryId)).toMatchObject({ reason: 'followed' });
    expect((await as(USERS.police).put(`/api/children/${childId}/follow`, { follow: false })).status).toBe(200);
    const next = await record(USERS.teacher, { significant: false });
    expect(await itemFor(USERS.police, next)).toBeUndefined();
  });

  it('refuses to let someone off the team follow the child, as a chronology read would', async () => {
    const response = await as(USERS.gp).put(`/api/children/${childId}/follow`, { follow: true });
    expect(response.status).toBe(404);
  });

  it('tells the team when an entry is amended to be significant', async () => {
    const entryId = await record(USERS.healthVisitor, { significant: false });
    expect(await itemFor(USERS.socialWorker, entryId)).toBeUndefined();
    const amended = await as(USERS.healthVisitor).post(`/api/entries/${entryId}/amendments`, { reason: 'Reassessed as significant', changes: { significant: true } });
    expect(amended.status).toBe(201);
    expect((await itemFor(USERS.socialWorker, entryId))!.message).toMatch(/^A significant event was amended for /);
  });

  it('counts unread notifications, marks one read, and shows the author who has read it', async () => {
    const entryId = await record(USERS.healthVisitor, { significant: true });
    const before = (await as(USERS.teacher).get('/api/notifications/unread-count')).body.unread as number;
    const item = (await itemFor(USERS.teacher, entryId))!;
    // The server's clock, injected: the time it was read is the one the service was told.
    const readAt = new Date('2026-12-02T14:03:00Z');
    const clock = jest.spyOn(testApp.app.get(Clock), 'now').mockReturnValue(readAt);
    const marked = await as(USERS.teacher).post(`/api/notifications/${item.id}/read`);
    clock.mockRestore();
    expect(marked.status).toBe(200);
    expect(marked.body.readAt).toBe(readAt.toISOString());
    expect((await as(USERS.teacher).get('/api/notifications/unread-count')).body.unread).toBe(before - 1);
    expect((await as(USERS.teacher).get('/api/notifications?unread=true')).body.items.map((candidate: { id: string }) => candidate.id)).not.toContain(item.id);

    // Someone else's notification is "not found", like one that does not exist.
    expect((await as(USERS.socialWorker).post(`/api/notifications/${item.id}/read`)).status).toBe(404);

    const seenBy = await as(USERS.healthVisitor).get(`/api/entries/${entryId}/seen-by`);
    expect(seenBy.status).toBe(200);
    expect(seenBy.body).toHaveLength(4);
    expect(seenBy.body[0]).toMatchObject({ practitioner: { name: 'Fiona Morrison' }, capacities: ['class-teacher'], readAt: marked.body.readAt });
    expect(seenBy.body.slice(1).every((row: { readAt: string | null }) => row.readAt === null)).toBe(true);
    expect((await as(USERS.socialWorker).get(`/api/entries/${entryId}/seen-by`)).status).toBe(403);
  });

  it('decides afresh at read time: someone who has left the team no longer sees the notification, nor counts it', async () => {
    const entryId = await record(USERS.healthVisitor, { significant: true });
    const before = (await as(USERS.mentor).get('/api/notifications/unread-count')).body.unread as number;
    expect(await itemFor(USERS.mentor, entryId)).toBeDefined();
    const team = await as(USERS.admin).get(`/api/children/${childId}/team`);
    const mentorship = team.body.find((member: { capacity: string }) => member.capacity === 'mentor');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await as(USERS.admin).post(`/api/children/${childId}/team/${mentorship.id}/end`, { endsOn: yesterday })).status).toBe(201);
    expect((await inbox(USERS.mentor)).items).toEqual([]);
    expect((await as(USERS.mentor).get('/api/notifications/unread-count')).body.unread).toBe(0);
    expect(before).toBeGreaterThan(0);
    expect(today).toBeDefined();
  });

  it('audits the inbox as one event per child, with the entries and fields it showed', async () => {
    await inbox(USERS.socialWorker);
    const [event] = await testApp.ownerQuery<{ child_id: string; entry_ids: string[]; fields: string[] }>(
      `SELECT child_id, entry_ids, fields FROM audit.events WHERE action = 'notification.list' AND actor_subject = $1 AND child_id = $2 ORDER BY occurred_at DESC LIMIT 1`,
      [USERS.socialWorker, childId],
    );
    expect(event.child_id).toBe(childId);
    expect(event.entry_ids.length).toBeGreaterThan(0);
    expect(event.fields).toEqual(expect.arrayContaining(['summary', 'eventType']));
  });

  it('keeps an email preference, and refuses a wrong one in plain words', async () => {
    expect((await as(USERS.teacher).get('/api/me/notification-preferences')).body).toEqual({ email: false, address: 'fiona.morrison@example.org' });
    expect((await as(USERS.teacher).put('/api/me/notification-preferences', { email: true })).body).toEqual({ email: true, address: 'fiona.morrison@example.org' });
    const wrong = await as(USERS.teacher).put('/api/me/notification-preferences', { email: 'yes' });
    expect(wrong.status).toBe(400);
    expect((await as(USERS.teacher).get('/api/me/notification-preferences')).body.email).toBe(true);
  });
});
