import request from 'supertest';
import { apiFor, createChildWithTeam, tableCounts, USERS } from '../support/fixtures';
import { formTokenOf, signInSession, withoutNonces } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

const NOTE_CANARY = 'CANARY-MENTOR-NOTE-3a9e';
const REASON_CANARY = 'CANARY-END-REASON-71c4';

describe("a mentoring charity's own space", () => {
  let testApp: TestApp;
  let childId: string;
  let matchId: string;
  const as = (username: string) => apiFor(testApp, username);
  const others = [USERS.healthVisitor, USERS.teacher, USERS.socialWorker, USERS.police, USERS.dpo, USERS.admin];

  beforeAll(async () => {
    testApp = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' } });
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.teacher, capacity: 'class-teacher' },
      { username: USERS.socialWorker, capacity: 'lead-professional' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.mentor, capacity: 'mentor' },
    ]);
    const started = await as(USERS.mentor).post(`/api/children/${childId}/mentoring/matches`, { startsOn: '2026-01-05' });
    if (started.status !== 201) throw new Error(JSON.stringify(started.body));
    matchId = started.body.id;
    for (const meeting of [
      { heldOn: '2026-01-12', held: true, minutes: 45 },
      { heldOn: '2026-01-19', held: false, shareAttendance: true },
      { heldOn: '2026-01-26', held: true, minutes: 60, shareAttendance: true },
    ]) {
      expect((await as(USERS.mentor).post(`/api/mentoring/matches/${matchId}/meetings`, meeting)).status).toBe(201);
    }
    expect((await as(USERS.mentor).post(`/api/mentoring/matches/${matchId}/notes`, { text: `He talked about his grandad ${NOTE_CANARY}` })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  describe('GET /api/children/:childId/mentoring', () => {
    it('requires authentication', async () => {
      expect((await fetch(`${testApp.baseUrl}/api/children/${childId}/mentoring`)).status).toBe(401);
    });
  });

  it("shows the charity its matches, meetings and the mentor's notes", async () => {
    const response = await as(USERS.mentor).get(`/api/children/${childId}/mentoring`);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0]).toMatchObject({ startsOn: '2026-01-05', endsOn: null, agency: { name: 'Brighter Paths Mentoring' }, mentor: { name: 'Samir Ali' } });
    expect(response.body[0].meetings).toEqual([
      expect.objectContaining({ heldOn: '2026-01-12', held: true, minutes: 45 }),
      expect.objectContaining({ heldOn: '2026-01-19', held: false, minutes: null }),
      expect.objectContaining({ heldOn: '2026-01-26', held: true, minutes: 60 }),
    ]);
    expect(response.body[0].notes).toEqual([expect.objectContaining({ text: `He talked about his grandad ${NOTE_CANARY}`, writtenBy: 'Samir Ali' })]);
  });

  it('refuses every other agency and role, the data protection officer among them, by the access policy', async () => {
    for (const username of others) {
      const response = await as(username).get(`/api/children/${childId}/mentoring`);
      expect([403, 404]).toContain(response.status);
      expect(JSON.stringify(response.body)).not.toContain(NOTE_CANARY);
      expect((await as(username).post(`/api/mentoring/matches/${matchId}/notes`, { text: 'Not theirs to write' })).status).toBeGreaterThanOrEqual(403);
    }
  });

  it('answers anyone outside the charity about a match named by its id exactly as about an id that names no match', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const writes: [string, object][] = [
      ['notes', { text: 'Not theirs to write' }],
      ['meetings', { heldOn: '2026-02-02', held: true, minutes: 30 }],
      ['end', { endsOn: '2026-02-02', reason: 'Not theirs to end' }],
    ];
    for (const username of [...others, USERS.gp]) {
      for (const [path, body] of writes) {
        const refused = await as(username).post(`/api/mentoring/matches/${matchId}/${path}`, body);
        const nothing = await as(username).post(`/api/mentoring/matches/${unknown}/${path}`, body);
        expect({ username, path, status: refused.status, message: refused.body.message }).toEqual({ username, path, status: nothing.status, message: nothing.body.message });
        expect(refused.status).toBe(404);
      }
    }
  });

  it("answers a match posted through another child's page exactly as an id that names no match: nothing written, only the refusal audited", async () => {
    // Connor's mentor is on both children's teams: the match is this child's, the address Connor's.
    const [{ id: connorId }] = await testApp.ownerQuery<{ id: string }>(`SELECT id FROM children WHERE given_name = 'Connor'`);
    const cookie = await signInSession(testApp, USERS.mentor);
    const token = await formTokenOf(testApp, cookie);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const on = { day: '2', month: '2', year: '2026' };
    const forms: [string, string, Record<string, string>][] = [
      ['notes', 'mentoring.note', { note: 'Not this child’s match' }],
      ['meetings', 'mentoring.meeting', { 'meeting-date-day': on.day, 'meeting-date-month': on.month, 'meeting-date-year': on.year, 'meeting-held': 'held', 'meeting-minutes': '30', 'meeting-share': 'yes' }],
      ['concerns', 'entry.create', { 'concern-summary': 'Not this child’s concern', 'concern-action': 'None' }],
      ['end', 'mentoring.match-end', { 'end-date-day': on.day, 'end-date-month': on.month, 'end-date-year': on.year, 'end-reason': 'Not this child’s match' }],
    ];
    const post = (id: string, path: string, form: Record<string, string>, correlationId: string) =>
      request(testApp.baseUrl).post(`/child/${connorId}/mentoring/matches/${id}/${path}`).set('Cookie', cookie).set('x-correlation-id', correlationId).type('form').send({ ...form, _csrf: token });
    const match = () => testApp.ownerQuery(`SELECT ends_on, end_reason FROM mentoring_matches WHERE id = $1`, [matchId]);
    const [before, matchBefore] = [await tableCounts(testApp), await match()];
    const answered = [];
    for (const [path, , form] of forms) {
      const pageId = `match-through-connor-${path}-${Date.now()}`;
      const refused = await post(matchId, path, form, pageId);
      const nothing = await post(unknown, path, form, `${pageId}-unknown`);
      const events = await testApp.ownerQuery(`SELECT action, outcome, child_id, details FROM audit.events WHERE correlation_id = $1 AND action <> 'notification.count'`, [pageId]);
      answered.push({ path, status: refused.status, asForNoSuchId: withoutNonces(refused.text) === withoutNonces(nothing.text), events });
    }
    expect(answered).toEqual(forms.map(([path, action]) => ({ path, status: 404, asForNoSuchId: true, events: [{ action, outcome: 'denied', child_id: connorId, details: { reason: 'match-not-found', matchId } }] })));
    expect([await tableCounts(testApp), await match()]).toEqual([before, matchBefore]);
  });

  it('tells the team through the chronology that a mentor is there, and nothing of the notes (canary across endpoints)', async () => {
    const chronology = await as(USERS.socialWorker).get(`/api/children/${childId}/chronology`);
    expect(chronology.status).toBe(200);
    const summaries = chronology.body.items.map((item: { summary?: string }) => item.summary);
    expect(summaries).toEqual(expect.arrayContaining(['Mentoring match started.', 'Mentoring meeting missed.', 'Mentoring meeting held (60 minutes).']));
    // The meeting not shared stays out of the chronology.
    expect(summaries).not.toContain('Mentoring meeting held (45 minutes).');
    for (const username of others) {
      for (const path of [`/api/children/${childId}/chronology`, '/api/notifications', `/api/children/${childId}/team`, `/api/audit/events?childId=${childId}&pageSize=500`]) {
        const response = await as(username).get(path);
        expect(JSON.stringify(response.body)).not.toContain(NOTE_CANARY);
      }
    }
    // Nowhere in the shared record, the audit trail or the notifications, so in no export or subject access pack either.
    const [leaks] = await testApp.ownerQuery<{ versions: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM chronology_entry_versions v WHERE concat_ws(' ', v.summary, v.detail, v.action_taken, v.outcome, v.child_view) LIKE '%CANARY%') AS versions,
              (SELECT count(*)::int FROM audit.events e WHERE e.details::text LIKE '%CANARY%') AS events`,
    );
    expect(leaks).toEqual({ versions: 0, events: 0 });
  });

  it("raises a mentor's safeguarding concern as a significant entry that notifies the lead professional at once", async () => {
    const concern = await as(USERS.mentor).post(`/api/mentoring/matches/${matchId}/concerns`, { summary: 'Connor said an older man has been giving him money to carry packages.', actionTaken: "Told the charity's safeguarding lead the same day." });
    expect(concern.status).toBe(201);
    expect(concern.body).toMatchObject({ significant: true, source: { agency: { name: 'Brighter Paths Mentoring' } }, eventType: { code: 'mentor-concern' } });
    const inbox = await as(USERS.socialWorker).get('/api/notifications');
    const item = inbox.body.items.find((candidate: { entry: { id: string } }) => candidate.entry.id === concern.body.id);
    expect(item.message).toMatch(/^A significant event was recorded for .* by Brighter Paths Mentoring$/);
    expect(item.entry.summary).toBe('Connor said an older man has been giving him money to carry packages.');
  });

  it('refuses a meeting dated before the match started, in the API and on the page, and records nothing', async () => {
    const before = await tableCounts(testApp);
    const early = await as(USERS.mentor).post(`/api/mentoring/matches/${matchId}/meetings`, { heldOn: '2000-01-01', held: true, minutes: 30 });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'heldOn', problem: 'heldOn must be on or after the day the match started, 5 Jan 2026' }] });
    const cookie = await signInSession(testApp, USERS.mentor);
    const token = await formTokenOf(testApp, cookie);
    const page = await request(testApp.baseUrl)
      .post(`/child/${childId}/mentoring/matches/${matchId}/meetings`)
      .set('Cookie', cookie)
      .type('form')
      .send({ 'meeting-date-day': '1', 'meeting-date-month': '1', 'meeting-date-year': '2000', 'meeting-held': 'held', 'meeting-minutes': '30', _csrf: token });
    expect(page.status).toBe(400);
    expect(page.text).toContain('govuk-error-summary');
    expect(page.text).toContain('<a href="#meeting-date-day">The date of the meeting must be on or after the day the match started, 5 Jan 2026</a>');
    expect(await tableCounts(testApp)).toEqual(before);
  });

  it('ends a match with its reason kept in the charity, and only the ending in the chronology', async () => {
    const ended = await as(USERS.mentor).post(`/api/mentoring/matches/${matchId}/end`, { endsOn: '2026-02-20', reason: `Family moved away ${REASON_CANARY}` });
    expect(ended.status).toBe(201);
    expect(ended.body).toMatchObject({ endsOn: '2026-02-20', endReason: `Family moved away ${REASON_CANARY}` });
    const chronology = await as(USERS.teacher).get(`/api/children/${childId}/chronology`);
    expect(chronology.body.items.map((item: { summary?: string }) => item.summary)).toContain('Mentoring match ended.');
    expect(JSON.stringify(chronology.body)).not.toContain(REASON_CANARY);
    expect((await as(USERS.mentor).post(`/api/mentoring/matches/${matchId}/end`, { endsOn: '2026-02-21', reason: 'Again' })).status).toBe(409);
    const late = await as(USERS.mentor).post(`/api/mentoring/matches/${matchId}/meetings`, { heldOn: '2026-02-21', held: false });
    expect(late.status).toBe(400);
    expect(late.body.details).toEqual([{ field: 'heldOn', problem: 'heldOn must be on or before the day the match ended, 20 Feb 2026' }]);
  });

  it('refuses bad input in plain words, all at once, and changes nothing', async () => {
    const before = await tableCounts(testApp);
    const meeting = await as(USERS.mentor).post(`/api/mentoring/matches/${matchId}/meetings`, { heldOn: 'soon', held: true });
    expect(meeting.status).toBe(400);
    expect(meeting.body.code).toBe('VALIDATION_FAILED');
    expect(meeting.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['heldOn', 'minutes']);
    expect((await as(USERS.mentor).post(`/api/mentoring/matches/${matchId}/notes`, { text: '' })).status).toBe(400);
    expect((await as(USERS.mentor).post(`/api/mentoring/matches/00000000-0000-4000-8000-000000000000/notes`, { text: 'Hello' })).status).toBe(404);
    expect(await tableCounts(testApp)).toEqual(before);
  });
});

describe("the demo: Connor's mentor", () => {
  let testApp: TestApp;
  let connorId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' } });
    [{ id: connorId }] = await testApp.ownerQuery<{ id: string }>(`SELECT id FROM children WHERE given_name = 'Connor'`);
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('has a match with meetings and notes, which only the charity reads', async () => {
    const mentoring = await apiFor(testApp, USERS.mentor).get(`/api/children/${connorId}/mentoring`);
    expect(mentoring.status).toBe(200);
    expect(mentoring.body[0]).toMatchObject({ startsOn: '2025-05-12', endsOn: null });
    expect(mentoring.body[0].meetings.filter((meeting: { held: boolean }) => !meeting.held)).toHaveLength(1);
    expect(mentoring.body[0].notes.length).toBeGreaterThanOrEqual(3);
    expect((await apiFor(testApp, USERS.socialWorker).get(`/api/children/${connorId}/mentoring`)).status).toBe(403);
  });

  it("has the mentor's concern notified to the team, read by some and not by others", async () => {
    const seenBy = async (username: string) => {
      const inbox = await apiFor(testApp, username).get('/api/notifications');
      return inbox.body.items.find((item: { child: { id: string }; entry: { eventType?: { code: string } } }) => item.child.id === connorId);
    };
    expect(await seenBy(USERS.socialWorker)).toMatchObject({ reason: 'significant', readAt: expect.any(String) });
    expect(await seenBy(USERS.police)).toMatchObject({ readAt: null });
    const [{ id: entryId }] = await testApp.ownerQuery<{ id: string }>(`SELECT entry_id AS id FROM notifications WHERE child_id = $1 LIMIT 1`, [connorId]);
    const trail = await apiFor(testApp, USERS.mentor).get(`/api/entries/${entryId}/seen-by`);
    expect(trail.status).toBe(200);
    expect(trail.body.filter((row: { readAt: string | null }) => row.readAt !== null).map((row: { practitioner: { name: string } }) => row.practitioner.name)).toEqual(expect.arrayContaining(['Priya Patel', 'Fiona Morrison']));
    expect(trail.body.some((row: { readAt: string | null }) => row.readAt === null)).toBe(true);
  });
});
