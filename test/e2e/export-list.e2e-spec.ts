import request from 'supertest';
import { apiFor, createChildWithTeam, USERS } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** GET /api/children/:childId/exports: the copies of a child's chronology printed so far, with their records. */
describe('GET /api/children/:childId/exports', () => {
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    childId = await createChildWithTeam(testApp, [
      { username: USERS.reviewingOfficer, capacity: 'reviewing-officer' },
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
    ]);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('requires authentication', async () => {
    await request(testApp.baseUrl).get(`/api/children/${childId}/exports`).expect(401);
  });

  it('lists each copy, newest first, with who made it, for whom, its checksum and pages; audited as one export.list', async () => {
    const officer = apiFor(testApp, USERS.reviewingOfficer);
    expect((await officer.get(`/api/children/${childId}/exports`)).body).toEqual([]);
    const made = await request(testApp.baseUrl)
      .post(`/api/children/${childId}/exports`)
      .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.reviewingOfficer)}`)
      .send({ audience: 'case-conference', purpose: 'Review conference, 4 Dec 2026', producedFor: 'Conference members', from: '2025-01-01' })
      .expect(201);
    const list = await officer.get(`/api/children/${childId}/exports`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: made.headers['x-export-id'],
        producedBy: { name: 'Graham Wallace', agency: 'North Lanarkshire Council Social Work Services' },
        audience: { id: 'case-conference', label: 'Child protection case conference' },
        purpose: 'Review conference, 4 Dec 2026',
        producedFor: 'Conference members',
        period: 'From 1 Jan 2025',
        sha256: made.headers['x-export-sha256'],
        pages: Number(made.headers['x-export-pages']),
        document: `/api/exports/${made.headers['x-export-id']}/document`,
      }),
    ]);
    const events = await testApp.dataSource.query<{ outcome: string; details: { exports: number } }[]>(
      `SELECT outcome, details FROM audit.events WHERE action = 'export.list' AND child_id = $1 ORDER BY occurred_at`,
      [childId],
    );
    expect(events.map((event) => [event.outcome, event.details.exports])).toEqual([
      ['success', 0],
      ['success', 1],
    ]);
  });

  it("gives a copy's checksum, pages and size to its producer only, as its record does: they would tell others how much it holds that is withheld from them", async () => {
    const [listed] = (await apiFor(testApp, USERS.healthVisitor).get(`/api/children/${childId}/exports`)).body as Record<string, unknown>[];
    expect(listed).toEqual(expect.objectContaining({ producedFor: 'Conference members', sha256: null, pages: null, bytes: null }));
    const [own] = (await apiFor(testApp, USERS.reviewingOfficer).get(`/api/children/${childId}/exports`)).body as Record<string, unknown>[];
    expect(own).toEqual(expect.objectContaining({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), pages: expect.any(Number), bytes: expect.any(Number) }));
  });

  it('is "not found" for someone not on the team, as the child is, and the refusal is audited', async () => {
    const teacher = apiFor(testApp, USERS.teacher);
    expect((await teacher.get(`/api/children/${childId}/exports`)).status).toBe(404);
    const [denied] = await testApp.dataSource.query<{ outcome: string }[]>(`SELECT outcome FROM audit.events WHERE action = 'export.list' AND actor_subject IS NOT NULL AND outcome <> 'success'`);
    expect(denied.outcome).toBe('denied');
  });
});
