import request from 'supertest';
import { Clock } from '../../src/common/clock';
import { RetentionService } from '../../src/retention/retention.service';
import { verifyChainOf } from '../support/audit-trail';
import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { pdfPages } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

function binary(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

const HOLD = { scope: 'child', reason: 'Preservation request covering children placed in care 2019-2030', requestedBy: 'Scottish Child Abuse Inquiry, preservation notice of 1 May 2044' };
const DESTROY = { retentionClass: 'child-health-record', reason: 'Reached the 25th birthday; no reason to keep it longer' };

describe('retention, legal holds and destruction', () => {
  let testApp: TestApp;
  let clock: Clock;
  let childId: string;
  let exportId: string;
  const ids: Record<string, string> = {};
  const dpo = () => apiFor(testApp, USERS.dpo);
  /** The server's "now", moved: the child (born 15 Jun 2019) turns 25 on 15 Jun 2044. */
  const setToday = (day: string) => jest.spyOn(clock, 'now').mockReturnValue(new Date(`${day}T12:00:00Z`));
  const mine = async () => ((await dpo().get('/api/retention/due')).body as { childId: string; retentionClass: string; held: boolean; entryIds: string[] }[]).filter((record) => record.childId === childId);

  beforeAll(async () => {
    testApp = await startTestApp();
    clock = testApp.app.get(Clock);
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
    ]);
    const record = async (username: string, key: string, overrides: Record<string, unknown>) => {
      const created = await apiFor(testApp, username).post(`/api/children/${childId}/entries`, validEntry(overrides));
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      ids[key] = created.body.id;
    };
    await record(USERS.healthVisitor, 'health', { eventDate: '2025-02-03', summary: 'CANARY-RETENTION-HEALTH growth check' });
    expect((await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${ids.health}/amendments`, { reason: 'Weight mistyped', changes: { summary: 'CANARY-RETENTION-HEALTH-V2 growth check' } })).status).toBe(201);
    await record(USERS.police, 'police', { eventDate: '2025-03-01', eventType: 'concern-raised', summary: 'CANARY-RETENTION-POLICE' });
    const printed = await request(testApp.baseUrl)
      .post(`/api/children/${childId}/exports`)
      .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.socialWorker)}`)
      .send({ audience: 'case-conference', purpose: 'Case conference on 4 Dec 2026', producedFor: 'Conference members' })
      .buffer(true)
      .parse(binary);
    expect(printed.status).toBe(201);
    exportId = printed.headers['x-export-id'];
  }, 60_000);

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await testApp?.close();
  });

  it('is for data protection officers only', async () => {
    expect((await apiFor(testApp, USERS.socialWorker).get('/api/retention/due')).status).toBe(403);
    expect((await apiFor(testApp, USERS.healthVisitor).post('/api/retention/destructions', { childId, ...DESTROY })).status).toBe(403);
  });

  it('lists nothing of the child before the 25th birthday, and refuses to destroy early', async () => {
    setToday('2044-06-14');
    expect(await mine()).toEqual([]);
    expect((await dpo().post('/api/retention/destructions', { childId, ...DESTROY })).status).toBe(409);
  });

  it('lists each class of the child’s records once it reaches review, with the clock moved forward', async () => {
    setToday('2044-06-15');
    const due = await mine();
    expect(due.map((record) => record.retentionClass).sort()).toEqual(['child-health-record', 'multi-agency-chronology-entry']);
    expect(due.find((record) => record.retentionClass === 'child-health-record')).toMatchObject({ reviewDate: '2044-06-15', entryIds: [ids.health], held: false });
  });

  it('is blocked by a legal hold while it stands, and nothing is removed', async () => {
    setToday('2044-06-16');
    const placed = await dpo().post('/api/retention/legal-holds', { ...HOLD, childId });
    expect(placed.status).toBe(201);
    expect((await mine()).every((record) => record.held)).toBe(true);
    const refused = await dpo().post('/api/retention/destructions', { childId, ...DESTROY });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(placed.body.id);
    const [{ versions }] = await testApp.dataSource.query<{ versions: number }[]>(`SELECT count(*)::int AS versions FROM chronology_entry_versions WHERE entry_id = $1`, [ids.health]);
    expect(versions).toBe(2);
    // The database refuses too: no certificate names the entry, and the hold stands.
    await expect(testApp.ownerQuery(`DELETE FROM chronology_entry_versions WHERE entry_id = $1`, [ids.health])).rejects.toThrow(/append-only/);
    expect((await dpo().post(`/api/retention/legal-holds/${placed.body.id}/lift`, { reason: 'The inquiry released its preservation notice' })).status).toBe(201);
  });

  it('extends a record with the reason, so it is no longer due', async () => {
    setToday('2044-06-16');
    const extended = await dpo().post('/api/retention/extensions', { childId, retentionClass: 'multi-agency-chronology-entry', extendTo: '2050-01-01', reason: 'Police investigation of a relative still open' });
    expect(extended.status).toBe(201);
    expect((await mine()).map((record) => record.retentionClass)).toEqual(['child-health-record']);
  });

  it('destroys: every version’s content removed, a tombstone and a certificate kept, the audit chain still verifies', async () => {
    setToday('2044-06-16');
    const destroyed = await dpo().post('/api/retention/destructions', { childId, ...DESTROY });
    expect(destroyed.status).toBe(201);
    expect(destroyed.body).toMatchObject({ childId, retentionClass: 'child-health-record', entryIds: [ids.health], versions: 2, reviewDate: '2044-06-15' });
    const certificateId = destroyed.body.id;
    const [{ versions }] = await testApp.ownerQuery<{ versions: number }>(`SELECT count(*)::int AS versions FROM chronology_entry_versions WHERE entry_id = $1`, [ids.health]);
    expect(versions).toBe(0);
    const [tombstone] = await testApp.ownerQuery(`SELECT child_id, event_date::text, versions, retention_class, certificate_id FROM destroyed_entries WHERE entry_id = $1`, [ids.health]);
    expect(tombstone).toEqual({ child_id: childId, event_date: '2025-02-03', versions: 2, retention_class: 'child-health-record', certificate_id: certificateId });
    // Nor does the entry keep its destroyed version's date or sensitivity, which it held to order the chronology.
    const [kept] = await testApp.ownerQuery(`SELECT status, shown_date, sensitivity FROM chronology_entries WHERE id = $1`, [ids.health]);
    expect(kept).toEqual({ status: 'destroyed', shown_date: null, sensitivity: null });
    const chronology = await apiFor(testApp, USERS.socialWorker).get(`/api/children/${childId}/chronology`);
    expect(chronology.text).not.toContain('CANARY-RETENTION-HEALTH');
    expect(chronology.text).toContain('CANARY-RETENTION-POLICE');
    expect((await apiFor(testApp, USERS.healthVisitor).get(`/api/entries/${ids.health}`)).status).toBe(404);
    expect((await dpo().get(`/api/retention/certificates/${certificateId}`)).body).toMatchObject({ id: certificateId, versions: 2 });
    const verification = await verifyChainOf(testApp);
    expect(verification).toMatchObject({ valid: true, firstProblem: null });
  });

  it('a copy made earlier, made again, says its source was destroyed', async () => {
    const again = await request(testApp.baseUrl)
      .get(`/api/exports/${exportId}/document`)
      .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.socialWorker)}`)
      .buffer(true)
      .parse(binary);
    expect(again.status).toBe(200);
    expect(again.headers['x-export-matches-original']).toBe('false');
    const text = (await pdfPages(again.body)).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('1 entry this copy showed when it was first made has since been destroyed under the retention schedule');
    expect(text).not.toContain('CANARY-RETENTION-HEALTH');
  });

  it('an agency-wide hold blocks another agency’s destruction too, and the scheduled review counts what is due', async () => {
    setToday('2050-01-02');
    const placed = await dpo().post('/api/retention/legal-holds', { scope: 'agency', agency: 'police-scotland', reason: 'Police Scotland asked that its records be kept', requestedBy: 'Police Scotland, Records Management' });
    expect(placed.status).toBe(201);
    expect((await dpo().post('/api/retention/destructions', { childId, retentionClass: 'multi-agency-chronology-entry', reason: 'Extension has run out now' })).status).toBe(409);
    const counts = await testApp.app.get(RetentionService).runReview();
    expect(counts.held).toBeGreaterThanOrEqual(1);
    const [event] = await testApp.dataSource.query(`SELECT purpose, details FROM audit.events WHERE action = 'retention.review-run' ORDER BY id DESC LIMIT 1`);
    expect(event).toMatchObject({ purpose: 'system', details: { today: '2050-01-02', held: counts.held, due: counts.due } });
  });

  it('refuses a hold without its scope’s target, naming every problem', async () => {
    const refused = await dpo().post('/api/retention/legal-holds', { scope: 'child', reason: 'short' });
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['childId', 'reason', 'requestedBy']);
  });
});
