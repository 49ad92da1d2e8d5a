import { createHash } from 'node:crypto';
import { Clock } from '../../src/common/clock';
import request from 'supertest';
import { apiFor, createChildWithTeam, expectAppendOnly, USERS, validEntry } from '../support/fixtures';
import { pdfPages } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

/** supertest collects a binary body as a Buffer only when told to. */
function binary(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

const REQUEST = { requesterName: 'Jane Test', capacity: 'parental-responsibility', receivedOn: '2026-01-31' };
/** What no pack may hold: other people's information not released, and every word of an exempt entry. */
const THIRD_PARTY_CANARIES = ['CANARY-THIRD-PARTY-SUMMARY', 'CANARY-THIRD-PARTY-DETAIL', 'CANARY-THIRD-PARTY-OUTCOME', 'CANARY-THIRD-PARTY-VIEW'];
const EXEMPT_CANARIES = ['CANARY-EXEMPT-CRIME', 'CANARY-EXEMPT-HARM-1', 'CANARY-EXEMPT-HARM-2', 'CANARY-EXEMPT-REASON'];
const NEVER = [...THIRD_PARTY_CANARIES, ...EXEMPT_CANARIES, 'CANARY-SOURCE-REF', 'CANARY-ENTERED-IN-ERROR', 'CANARY-SHARE-PURPOSE'];

describe('subject access', () => {
  let testApp: TestApp;
  let childId: string;
  const ids: Record<string, string> = {};
  const dpo = () => apiFor(testApp, USERS.dpo);

  const packAs = async (username: string, requestId: string, format: string) =>
    request(testApp.baseUrl)
      .post(`/api/subject-access-requests/${requestId}/packs`)
      .set('Authorization', `Bearer ${await testApp.tokenFor(username)}`)
      .send({ format })
      .buffer(true)
      .parse(binary);

  const newRequest = async (body: Record<string, unknown> = REQUEST): Promise<string> => {
    const recorded = await dpo().post(`/api/children/${childId}/subject-access-requests`, body);
    if (recorded.status !== 201) throw new Error(JSON.stringify(recorded.body));
    return recorded.body.id;
  };

  beforeAll(async () => {
    testApp = await startTestApp();
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
    await record(USERS.healthVisitor, 'health', { eventDate: '2025-02-03', summary: 'CANARY-HEALTH-SUMMARY home visit', professionalAnalysis: 'CANARY-HEALTH-ANALYSIS', sourceReference: 'CANARY-SOURCE-REF' });
    await record(USERS.police, 'restricted', { eventDate: '2025-03-01', eventType: 'concern-raised', summary: 'CANARY-POLICE-RESTRICTED seen at the door', sensitivity: 'restricted' });
    await record(USERS.socialWorker, 'thirdParty', {
      eventDate: '2025-04-02',
      eventType: 'concern-raised',
      summary: 'CANARY-THIRD-PARTY-SUMMARY the neighbour’s account',
      detail: 'CANARY-THIRD-PARTY-DETAIL',
      outcome: 'CANARY-THIRD-PARTY-OUTCOME',
      childView: 'CANARY-THIRD-PARTY-VIEW',
      namesThirdParties: true,
    });
    await record(USERS.socialWorker, 'released', { eventDate: '2025-05-05', eventType: 'concern-raised', summary: 'CANARY-RELEASED the aunt agreed', namesThirdParties: true });
    await record(USERS.police, 'exemptCrime', { eventDate: '2025-06-06', eventType: 'concern-raised', summary: 'CANARY-EXEMPT-CRIME investigation' });
    await record(USERS.healthVisitor, 'exemptHarm1', { eventDate: '2025-07-07', summary: 'CANARY-EXEMPT-HARM-1' });
    await record(USERS.healthVisitor, 'exemptHarm2', { eventDate: '2025-08-08', summary: 'CANARY-EXEMPT-HARM-2', sensitivity: 'sensitive' });
    await record(USERS.socialWorker, 'inError', { eventDate: '2025-09-09', summary: 'CANARY-ENTERED-IN-ERROR' });
    expect((await apiFor(testApp, USERS.socialWorker).post(`/api/entries/${ids.inError}/entered-in-error`, { reason: 'Recorded on the wrong child' })).status).toBe(201);
    const share = (entryId: string, username: string) =>
      apiFor(testApp, username).post(`/api/entries/${entryId}/sharing-decisions`, {
        recipientAgency: 'brighter-paths-mentoring',
        decision: 'shared',
        purpose: 'CANARY-SHARE-PURPOSE the mentor needs to know',
        necessity: 'The mentor cannot support the child safely without it.',
        lawfulBasis: 'UK GDPR 6(1)(e); DPA 2018 Sch. 1 para 18',
        familyInformed: true,
      });
    expect((await share(ids.health, USERS.healthVisitor)).status).toBe(201);
    expect((await share(ids.exemptCrime, USERS.police)).status).toBe(201);
    const exempt = (username: string, entryId: string, exemption: string) =>
      apiFor(testApp, username).post(`/api/entries/${entryId}/subject-access-exemption`, { exemption, reason: 'CANARY-EXEMPT-REASON an investigation is open' });
    expect((await exempt(USERS.police, ids.exemptCrime, 'crime-prevention')).status).toBe(201);
    expect((await exempt(USERS.healthVisitor, ids.exemptHarm1, 'serious-harm')).status).toBe(201);
    expect((await exempt(USERS.healthVisitor, ids.exemptHarm2, 'serious-harm')).status).toBe(201);
    // Someone reads the record, so the pack has access to report.
    expect((await apiFor(testApp, USERS.socialWorker).get(`/api/children/${childId}/chronology`)).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  describe('POST /api/children/:childId/subject-access-requests', () => {
    it('requires authentication', async () => {
      await request(testApp.baseUrl).post(`/api/children/${childId}/subject-access-requests`).send(REQUEST).expect(401);
    });

    it('records who asked, in what capacity and when, with the due date one calendar month on (31 Jan → 28 Feb)', async () => {
      const recorded = await dpo().post(`/api/children/${childId}/subject-access-requests`, REQUEST);
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({ childId, requester: { name: 'Jane Test', capacity: 'parental-responsibility' }, receivedOn: '2026-01-31', dueOn: '2026-02-28', status: 'open' });
      // Received at the end of January 2026, unanswered: overdue now.
      expect(recorded.body.overdue).toBe(true);
    });

    it('is for data protection officers only', async () => {
      const refused = await apiFor(testApp, USERS.socialWorker).post(`/api/children/${childId}/subject-access-requests`, REQUEST);
      expect(refused.status).toBe(403);
      expect((await apiFor(testApp, USERS.socialWorker).get('/api/subject-access-requests')).status).toBe(403);
    });

    it('names every problem at once and records nothing', async () => {
      const [{ count: before }] = await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM subject_access_requests`);
      const refused = await dpo().post(`/api/children/${childId}/subject-access-requests`, { requesterName: ' ', capacity: 'aunt', receivedOn: '2999-01-01' });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['capacity', 'receivedOn', 'requesterName']);
      const [{ count: after }] = await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM subject_access_requests`);
      expect(after).toBe(before);
    });
  });

  describe('extensions', () => {
    it('extends by up to two further months in all, counted from receipt, with the reason', async () => {
      const requestId = await newRequest();
      const once = await dpo().post(`/api/subject-access-requests/${requestId}/extensions`, { months: 1, reason: 'Records from five agencies to review' });
      expect(once.status).toBe(201);
      expect(once.body).toMatchObject({ dueOn: '2026-03-31', firstDueOn: '2026-02-28', extensions: [{ months: 1, reason: 'Records from five agencies to review' }] });
      const twice = await dpo().post(`/api/subject-access-requests/${requestId}/extensions`, { months: 1, reason: 'A second request from the same person joined' });
      expect(twice.body.dueOn).toBe('2026-04-30');
      const third = await dpo().post(`/api/subject-access-requests/${requestId}/extensions`, { months: 1, reason: 'Yet another month, which the law does not allow' });
      expect(third.status).toBe(409);
      expect((await dpo().get(`/api/subject-access-requests/${requestId}`)).body.dueOn).toBe('2026-04-30');
    });

    it('refuses an extension without a reason', async () => {
      const requestId = await newRequest();
      const refused = await dpo().post(`/api/subject-access-requests/${requestId}/extensions`, { months: 3 });
      expect(refused.status).toBe(400);
      expect(refused.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['months', 'reason']);
    });
  });

  describe('GET /api/subject-access-requests', () => {
    afterEach(() => jest.restoreAllMocks());

    it('flags a request overdue the day after its due date, by the server’s clock (received 31 Jan 2026: due 28 Feb)', async () => {
      const requestId = await newRequest();
      const clock = testApp.app.get(Clock);
      jest.spyOn(clock, 'now').mockReturnValue(new Date('2026-02-28T12:00:00Z'));
      expect((await dpo().get(`/api/subject-access-requests/${requestId}`)).body).toMatchObject({ dueOn: '2026-02-28', overdue: false, daysLeft: 0 });
      jest.spyOn(clock, 'now').mockReturnValue(new Date('2026-03-01T12:00:00Z'));
      expect((await dpo().get(`/api/subject-access-requests/${requestId}`)).body).toMatchObject({ overdue: true, daysLeft: -1 });
    });

    it('lists open requests first, overdue flagged', async () => {
      const recent = await newRequest({ ...REQUEST, receivedOn: new Date().toISOString().slice(0, 10) });
      const listed = await dpo().get(`/api/subject-access-requests?childId=${childId}&status=open`);
      expect(listed.status).toBe(200);
      const mine = listed.body.find((row: { id: string }) => row.id === recent);
      expect(mine).toMatchObject({ overdue: false, status: 'open' });
      expect(mine.daysLeft).toBeGreaterThanOrEqual(27);
      expect(listed.body[0].overdue).toBe(true);
    });
  });

  describe('exemptions', () => {
    it('are marked by the recording agency only', async () => {
      const refused = await apiFor(testApp, USERS.socialWorker).post(`/api/entries/${ids.health}/subject-access-exemption`, { exemption: 'serious-harm', reason: 'Not my agency’s entry to exempt' });
      expect(refused.status).toBe(403);
    });

    it('come from a closed list, with a reason', async () => {
      const refused = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${ids.health}/subject-access-exemption`, { exemption: 'embarrassment' });
      expect(refused.status).toBe(400);
      expect(refused.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['exemption', 'reason']);
    });
  });

  describe('POST /api/subject-access-requests/:id/packs', () => {
    let requestId: string;

    beforeAll(async () => {
      requestId = await newRequest();
      const released = await dpo().post(`/api/subject-access-requests/${requestId}/releases`, { entryId: ids.released, reason: 'The aunt agreed in writing to her account being shared' });
      expect(released.status).toBe(201);
    });

    it('requires authentication', async () => {
      await request(testApp.baseUrl).post(`/api/subject-access-requests/${requestId}/packs`).send({ format: 'json' }).expect(401);
    });

    it('is refused to anyone but a data protection officer', async () => {
      expect((await packAs(USERS.socialWorker, requestId, 'json')).status).toBe(403);
    });

    it('holds every entry the subject is entitled to, other people’s information redacted to date, type and agency, and exempt entries only counted', async () => {
      const response = await packAs(USERS.dpo, requestId, 'json');
      expect(response.status).toBe(201);
      expect(response.headers['x-pack-sha256']).toBe(createHash('sha256').update(response.body).digest('hex'));
      const text = response.body.toString('utf8');
      const pack = JSON.parse(text);
      expect(pack.entries.map((entry: { id: string }) => entry.id)).toEqual([ids.health, ids.restricted, ids.thirdParty, ids.released]);
      for (const canary of ['CANARY-HEALTH-SUMMARY', 'CANARY-HEALTH-ANALYSIS', 'CANARY-POLICE-RESTRICTED', 'CANARY-RELEASED']) expect(text).toContain(canary);
      for (const canary of NEVER) expect(text).not.toContain(canary);
      for (const id of [ids.exemptCrime, ids.exemptHarm1, ids.exemptHarm2, ids.inError]) expect(text).not.toContain(id);
      const redacted = pack.entries.find((entry: { id: string }) => entry.id === ids.thirdParty);
      expect(redacted).toMatchObject({ otherPeopleRedacted: true, eventDate: '2025-04-02', eventType: { code: 'concern-raised' }, source: { agency: { code: 'north-lanarkshire-social-work' } } });
      expect(Object.keys(redacted).sort()).toEqual(['childAgeAtEvent', 'datePrecision', 'eventDate', 'eventDateDisplay', 'eventEndDate', 'eventTime', 'eventType', 'id', 'otherPeopleRedacted', 'recordedAt', 'source', 'status', 'version']);
      expect(pack.withheld.map(({ exemption, count }: { exemption: string; count: number }) => ({ exemption, count }))).toEqual([
        { exemption: 'serious-harm', count: 2 },
        { exemption: 'crime-prevention', count: 1 },
      ]);
      // The share of the exempt entry would say it exists: only the share of an entry in the pack is listed.
      expect(pack.sharedWith).toEqual([expect.objectContaining({ entryId: ids.health, recipient: { name: 'Brighter Paths Mentoring', type: 'third-sector' } })]);
      expect(pack.retention).toContainEqual({ record: 'Health record of a child', keptFor: expect.stringContaining('25th birthday') });
      expect(pack.purposes.length).toBeGreaterThan(0);
      expect(pack.accessedBy.map((group: { agency: string }) => group.agency)).toEqual(expect.arrayContaining(['NHS Lanarkshire', 'Police Scotland', 'North Lanarkshire Council Social Work Services']));
    });

    it('as a plain-language PDF addressed to the family, with none of the canaries', async () => {
      const response = await packAs(USERS.dpo, requestId, 'pdf');
      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['x-pack-sha256']).toBe(createHash('sha256').update(response.body).digest('hex'));
      const pages = await pdfPages(response.body);
      const text = pages.join('\n');
      for (const expected of ['Dear Jane Test', 'CANARY-HEALTH-SUMMARY', 'CANARY-POLICE-RESTRICTED', 'CANARY-RELEASED', 'OFFICIAL-SENSITIVE', 'Brighter Paths Mentoring', '2 items: Likely to cause serious harm', '1 item: Prevention or detection of crime']) {
        expect(text.replace(/\s+/g, ' ')).toContain(expected);
      }
      for (const canary of NEVER) expect(text).not.toContain(canary);
      pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
    });

    it('is recorded and audited as a disclosure with its checksum, and the record is append-only', async () => {
      const response = await packAs(USERS.dpo, requestId, 'json');
      const packId = response.headers['x-pack-id'];
      const [row] = await testApp.dataSource.query(`SELECT format, sha256, withheld, entries FROM subject_access_packs WHERE id = $1`, [packId]);
      expect(row).toMatchObject({ format: 'json', sha256: response.headers['x-pack-sha256'], withheld: { 'serious-harm': 2, 'crime-prevention': 1 } });
      expect(row.entries.map((entry: { entryId: string }) => entry.entryId)).toEqual([ids.health, ids.restricted, ids.thirdParty, ids.released]);
      const [event] = await testApp.dataSource.query(`SELECT purpose, entry_ids AS "entryIds", details FROM audit.events WHERE action = 'subject-access.pack' AND details->>'packId' = $1`, [packId]);
      expect(event).toMatchObject({ purpose: 'subject-access', details: { sha256: response.headers['x-pack-sha256'], requestId } });
      expect([...event.entryIds].sort()).toEqual([ids.health, ids.restricted, ids.thirdParty, ids.released].sort());
      const register = await dpo().get(`/api/disclosures?childId=${childId}`);
      expect(register.body).toContainEqual(expect.objectContaining({ kind: 'subject-access-pack', id: packId, to: 'Subject access pack (json): Jane Test' }));
      const view = await dpo().get(`/api/subject-access-requests/${requestId}`);
      expect(view.body.packs.map((pack: { id: string }) => pack.id)).toContain(packId);
      await expectAppendOnly(testApp, `UPDATE subject_access_packs SET sha256 = repeat('0', 64) WHERE id = $1`, [packId]);
    });

    it('once completed, takes no more changes', async () => {
      expect((await dpo().post(`/api/subject-access-requests/${requestId}/closure`, { status: 'completed' })).status).toBe(201);
      expect((await packAs(USERS.dpo, requestId, 'json')).status).toBe(409);
      expect((await dpo().post(`/api/subject-access-requests/${requestId}/extensions`, { months: 1, reason: 'Too late to extend this one' })).status).toBe(409);
    });
  });
  describe('withdrawing an exemption', () => {
    it('the recording agency sees its marking and withdraws it with "none": the entry is in the next pack', async () => {
      const created = await apiFor(testApp, USERS.police).post(`/api/children/${childId}/entries`, validEntry({ eventDate: '2025-10-10', eventType: 'concern-raised', summary: 'CANARY-WITHDRAWN-EXEMPTION' }));
      const entryId = created.body.id;
      const police = apiFor(testApp, USERS.police);
      expect((await police.post(`/api/entries/${entryId}/subject-access-exemption`, { exemption: 'crime-prevention', reason: 'Enquiries still under way at present' })).status).toBe(201);
      expect((await police.get(`/api/entries/${entryId}/subject-access-exemption`)).body).toMatchObject({ entryId, exemption: 'crime-prevention' });
      const othersAsk = await apiFor(testApp, USERS.healthVisitor).get(`/api/entries/${entryId}/subject-access-exemption`);
      // Refused for what was asked, a look at the marking, not as a change.
      expect({ status: othersAsk.status, message: othersAsk.body.message }).toEqual({
        status: 403,
        message: 'Only the agency that recorded an entry sees, or changes, its marking for subject access',
      });
      const requestId = await newRequest();
      expect((await packAs(USERS.dpo, requestId, 'json')).body.toString()).not.toContain('CANARY-WITHDRAWN-EXEMPTION');
      expect((await police.post(`/api/entries/${entryId}/subject-access-exemption`, { exemption: 'none', reason: 'Enquiries closed; nothing to withhold now' })).status).toBe(201);
      const after = await police.get(`/api/entries/${entryId}/subject-access-exemption`);
      expect(after.status).toBe(200);
      expect(after.body).toEqual({ entryId, exemption: null, reason: null, markedAt: null });
      expect((await packAs(USERS.dpo, requestId, 'json')).body.toString()).toContain('CANARY-WITHDRAWN-EXEMPTION');
    });
  });
});
