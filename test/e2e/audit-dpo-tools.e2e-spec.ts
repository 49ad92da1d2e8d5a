import request from 'supertest';
import { AuditTrailFixture, CANARY, FIXTURE_TIMEOUT_MS, parseCsv, REASON, startAuditTrail } from '../support/audit-trail';
import { apiFor, createChildWithTeam, expectAppendOnly, USERS, validEntry } from '../support/fixtures';
import type { TestApp } from '../support/test-app';

describe("audit trail: the data protection officer's queries, exports and reports", () => {
  let fixture: AuditTrailFixture;
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    fixture = await startAuditTrail();
    ({ testApp, childId } = fixture);
  }, FIXTURE_TIMEOUT_MS);

  afterAll(async () => {
    await fixture?.close();
  });

  const dpo = () => apiFor(testApp, USERS.dpo);

  describe('the data protection officer\'s queries', () => {
    let claimId: string;
    let chi: string;

    beforeAll(async () => {
      chi = `${Date.now()}`.slice(-10);
      const admin = apiFor(testApp, USERS.admin);
      expect((await admin.post(`/api/children/${childId}/team`, { practitionerId: (await testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM practitioners WHERE subject = $1`, [USERS.teacher]))[0].id, capacity: 'guidance-teacher', startsOn: '2025-01-01' })).status).toBe(201);
      await testApp.ownerQuery(`INSERT INTO child_identifiers (child_id, scheme, value) VALUES ($1, 'chi', $2)`, [childId, chi]);
      const claim = await apiFor(testApp, USERS.socialWorker).post('/api/access-claims', { childId, kind: 'emergency', reason: REASON });
      expect(claim.status).toBe(201);
      claimId = claim.body.id;
      expect((await apiFor(testApp, USERS.socialWorker).get(`/api/children/${childId}/chronology`)).status).toBe(200);
      expect((await apiFor(testApp, USERS.mentor).get(`/api/children/${childId}/chronology`)).status).toBe(404);
    });

    it('requires authentication, and refuses anyone but a data protection officer', async () => {
      await request(testApp.baseUrl).get('/api/audit/events').expect(401);
      for (const username of [USERS.socialWorker, USERS.admin, USERS.reviewingOfficer]) {
        expect((await apiFor(testApp, username).get(`/api/audit/events?childId=${childId}`)).status).toBe(403);
      }
    });

    it("lists a child's events newest first, a page at a time, with no case content", async () => {
      const first = await dpo().get(`/api/audit/events?childId=${childId}&limit=3`);
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(3);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await dpo().get(`/api/audit/events?childId=${childId}&limit=3&cursor=${first.body.nextCursor}`);
      expect(second.status).toBe(200);
      const items: { id: string; occurredAt: string; childId: string; chain: { seq: number } }[] = [...first.body.items, ...second.body.items];
      expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
      expect(items.every((item) => item.childId === childId && item.chain.seq > 0)).toBe(true);
      const times = items.map((item) => item.occurredAt);
      expect([...times].sort().reverse()).toEqual(times);
      const everything = await dpo().get(`/api/audit/events?childId=${childId}&limit=500`);
      expect(everything.body.items.map((item: { action: string }) => item.action)).toEqual(expect.arrayContaining(['entry.create', 'chronology.read', 'access.claim']));
      expect(everything.text).not.toContain(CANARY);
    });

    it('finds the child by an identifier, as a subject access request names it', async () => {
      const byId = await dpo().get(`/api/audit/events?childId=${childId}&limit=500`);
      const byChi = await dpo().get(`/api/audit/events?childIdentifier=chi:${chi}&limit=500`);
      expect(byChi.status).toBe(200);
      // The second query's own audit event is newer than both; compare what both saw.
      const ids = (body: { items: { id: string; action: string }[] }) => body.items.filter((item) => item.action !== 'audit.query').map((item) => item.id);
      expect(ids(byChi.body)).toEqual(ids(byId.body));
      // No child has it: "not found", which a subject access request must tell apart from "nobody looked"; the question is still audited.
      for (const path of ['/api/audit/events?childIdentifier=chi:0000000000', '/api/audit/events.csv?childIdentifier=chi:0000000000']) {
        const unknown = await dpo().get(path);
        // Words for an officer, who reaches every child's record: not a practitioner's advice to claim access, which the officer's role may not.
        expect({ status: unknown.status, code: unknown.body.code, message: unknown.body.message }).toEqual({
          status: 404,
          code: 'NOT_FOUND',
          message: 'Child not found: no child record has that identifier.',
        });
        const [event] = await testApp.dataSource.query<{ outcome: string; details: { reason: string } }[]>(`SELECT outcome, details FROM audit.events WHERE correlation_id = $1`, [
          unknown.headers['x-correlation-id'],
        ]);
        expect(event).toMatchObject({ outcome: 'failed', details: { reason: 'no-child-with-identifier' } });
      }
      const noChild = await dpo().get('/api/audit/children/00000000-0000-4000-8000-000000000000/access');
      expect({ status: noChild.status, message: noChild.body.message }).toEqual({ status: 404, message: 'Child not found: no child record has that id.' });
    });

    it('refuses an agency, action or identifier that names nothing, rather than answering that nothing happened', async () => {
      const agencies = ((await dpo().get('/api/agencies')).body as { code: string }[]).map((agency) => agency.code);
      for (const path of ['/api/audit/events', '/api/audit/events.csv', '/api/audit/events.fhir.json']) {
        const agency = await dpo().get(`${path}?agency=nope`);
        expect([agency.status, agency.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(agency.body.details).toEqual([{ field: 'agency', problem: expect.stringContaining('no such agency: nope') }]);
        expect(agency.body.details[0].problem).toContain(agencies[0]);
      }
      const both = await dpo().get('/api/audit/events?action=nope&agency=nope');
      expect([both.status, both.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(both.body.details).toEqual([
        { field: 'agency', problem: expect.stringContaining('no such agency: nope') },
        { field: 'action', problem: expect.stringMatching(/^no such audit action: nope; give one of .*chronology\.read.*entry\.\*/) },
      ]);
      for (const action of ['nope.*', 'chronology.raed', 'entry']) {
        const refused = await dpo().get(`/api/audit/events?action=${action}`);
        expect([action, refused.status, refused.body.details]).toEqual([action, 400, [{ field: 'action', problem: expect.stringContaining(`no such audit action: ${action}`) }]]);
      }
      for (const action of ['entry.*', 'audit.report.*', 'chronology.read']) expect([action, (await dpo().get(`/api/audit/events?action=${action}&limit=1`)).status]).toEqual([action, 200]);
      expect((await dpo().get(`/api/audit/events?agency=${agencies[0]}&limit=1`)).status).toBe(200);

      const lookUp = await dpo().get('/api/audit/children?identifier=xyz');
      expect([lookUp.status, lookUp.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(lookUp.body.details).toEqual([{ field: 'identifier', problem: expect.stringContaining('scheme:value') }]);
      expect((await dpo().get('/api/audit/children?identifier=passport:12345678')).status).toBe(400);
      // As the trail's childIdentifier names the child, and as a value alone.
      for (const identifier of [`chi:${chi}`, chi]) {
        const found = await dpo().get(`/api/audit/children?identifier=${identifier}`);
        expect([identifier, found.status, found.body.map((child: { id: string }) => child.id)]).toEqual([identifier, 200, [childId]]);
      }
      expect((await dpo().get(`/api/audit/children?identifier=nhs:${chi}`)).body).toEqual([]);
    });

    it('filters by user, agency, action family, purpose, break-glass and period', async () => {
      type Item = { id: string; actor: { subject: string; agency: string } | null; action: string; purpose: string; breakGlass: boolean; accessClaimId: string | null };
      const get = async (query: string) => (await dpo().get(`/api/audit/events?childId=${childId}&limit=500&${query}`)).body.items as Item[];
      /** The filter's answer is exactly the child's events the condition selects, newest first (less the query's own event), and not none. */
      const expectExactly = async (query: string, condition: string, parameters: unknown[]): Promise<Item[]> => {
        const response = await dpo().get(`/api/audit/events?childId=${childId}&limit=500&${query}`);
        expect(response.status).toBe(200);
        const selected = await testApp.dataSource.query<{ id: string }[]>(
          `SELECT id::text AS id FROM audit.events WHERE child_id = $1 AND correlation_id IS DISTINCT FROM $2 AND ${condition} ORDER BY occurred_at DESC, id DESC`,
          [childId, response.headers['x-correlation-id'], ...parameters],
        );
        expect(selected.length).toBeGreaterThan(0);
        expect((response.body.items as Item[]).map((item) => item.id)).toEqual(selected.map((row) => row.id));
        return response.body.items;
      };
      const byPolice = await expectExactly(`actor=${USERS.police}`, 'actor_subject = $3', [USERS.police]);
      expect(byPolice.every((item) => item.actor?.subject === USERS.police)).toBe(true);
      expect((await expectExactly('agency=nhs-lanarkshire', 'actor_agency = $3', ['nhs-lanarkshire'])).every((item) => item.actor?.agency === 'nhs-lanarkshire')).toBe(true);
      const entryActions = await expectExactly('action=entry.*', `action LIKE 'entry.%'`, []);
      expect(entryActions.every((item) => item.action.startsWith('entry.'))).toBe(true);
      await expectExactly('purpose=break-glass', `purpose = 'break-glass'`, []);
      const breakGlass = await get('breakGlass=true');
      expect(breakGlass.map((item) => item.action).sort()).toEqual(['access.claim', 'chronology.read']);
      expect(breakGlass.every((item) => item.purpose === 'break-glass' && item.accessClaimId === claimId)).toBe(true);
      expect(await get('from=2099-01-01')).toEqual([]);
      expect(await get('to=2000-01-01')).toEqual([]);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
      await expectExactly(`from=${today}&to=${today}`, `(occurred_at AT TIME ZONE 'Europe/London')::date = $3::date`, [today]);
    });

    it.each([
      ['from=2026-02-30'],
      ['to=yesterday'],
      ['limit=0'],
      ['limit=501'],
      ['cursor=not%20a%20cursor'],
      [`cursor=${Buffer.from('2026-01-01T00:00:00.000000Z|99999999999999999999').toString('base64url')}`],
      [`cursor=${Buffer.from('2026-01-01T00:00:00.000000Z|9223372036854775808').toString('base64url')}`],
      [`cursor=${Buffer.from('2026-13-45T25:61:00.000000Z|1').toString('base64url')}`],
      [`cursor=${Buffer.from('2026-02-30T00:00:00.000000Z|1').toString('base64url')}`],
      ['action=DROP%20TABLE'],
      ['childId=not-a-uuid'],
      ['purpose=curiosity'],
      ['colour=blue'],
    ])('rejects the bad query %s with 400', async (query) => {
      const response = await dpo().get(`/api/audit/events?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses a period that ends before it starts, rather than answer that nothing happened in it', async () => {
      for (const path of [
        '/api/audit/events?from=2026-12-01&to=2026-01-01',
        '/api/audit/events.csv?from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z',
        `/api/audit/children/${childId}/access?from=2026-12-01&to=2026-11-30`,
        '/api/audit/reports/out-of-hours?from=2026-12-01&to=2026-01-01',
      ]) {
        const response = await dpo().get(path);
        expect({ path, status: response.status, details: response.body.details }).toEqual({ path, status: 400, details: [{ field: 'to', problem: 'to must be after from' }] });
      }
      // One day, given as dates, is a period: from the start of the one to the end of the other.
      expect((await dpo().get('/api/audit/events?from=2026-11-23&to=2026-11-23')).status).toBe(200);
    });

    it('names what is wrong with a value of the wrong kind, not a limit it could not be measured against', async () => {
      const problems = async (path: string, body?: object) => {
        const response = body ? await dpo().post(path, body) : await dpo().get(path);
        expect(response.status).toBe(400);
        return response.body.details;
      };
      expect(await problems('/api/audit/events?limit=abc')).toEqual([{ field: 'limit', problem: 'limit must be a whole number, in digits' }]);
      expect(await problems('/api/audit/verify?fromSeq=abc')).toEqual([{ field: 'fromSeq', problem: 'fromSeq must be a whole number, in digits' }]);
      expect(await problems(`/api/access-alerts/${claimId}/review`, { outcome: 'appropriate' })).toEqual([
        { field: 'notes', problem: 'notes is required' },
      ]);
      expect(await problems('/api/audit/children/not-a-uuid/access')).toEqual([{ field: 'childId', problem: 'childId must be a UUID' }]);
    });

    it('answers one event by id, 404 for none, 400 for a malformed id', async () => {
      const [{ id }] = await testApp.dataSource.query<{ id: string }[]>(`SELECT id::text AS id FROM audit.events WHERE child_id = $1 LIMIT 1`, [childId]);
      expect((await dpo().get(`/api/audit/events/${id}`)).body).toMatchObject({ id, childId });
      expect((await dpo().get('/api/audit/events/999999999')).status).toBe(404);
      expect((await dpo().get('/api/audit/events/abc')).status).toBe(400);
      expect((await dpo().get('/api/audit/events/99999999999999999999')).status).toBe(400);
    });

    it('audits every query the data protection officer makes', async () => {
      const response = await dpo().get(`/api/audit/events?actor=${USERS.police}&limit=1`);
      const [event] = await testApp.dataSource.query<{ action: string; actor_subject: string; purpose: string; details: { filters: Record<string, unknown> } }[]>(
        `SELECT action, actor_subject, purpose, details FROM audit.events WHERE correlation_id = $1`,
        [response.headers['x-correlation-id']],
      );
      expect(event).toEqual({ action: 'audit.query', actor_subject: USERS.dpo, purpose: 'audit', details: { filters: { actor: USERS.police }, returned: 1 } });
    });

    it('exports every matching event as CSV', async () => {
      const listed = (await dpo().get(`/api/audit/events?childId=${childId}&limit=500`)).body.items as { id: string }[];
      const response = await dpo().get(`/api/audit/events.csv?childId=${childId}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('text/csv');
      const rows = parseCsv(response.text);
      expect(rows[0].slice(0, 4)).toEqual(['id', 'occurred_at', 'actor_subject', 'actor_name']);
      const body = rows.slice(1);
      expect(listed.length).toBeGreaterThan(0);
      expect(body.length).toBeGreaterThanOrEqual(listed.length);
      expect(body.every((row) => row.length === rows[0].length)).toBe(true);
      // The export sees the list's own audit event too, which is newer.
      expect(body.map((row) => row[0])).toEqual(expect.arrayContaining(listed.map((item) => item.id)));
      expect(response.text).not.toContain(CANARY);
      const [exported] = await testApp.dataSource.query<{ action: string }[]>(`SELECT action FROM audit.events WHERE correlation_id = $1`, [response.headers['x-correlation-id']]);
      expect(exported).toEqual({ action: 'audit.export' });
    });

    it('exports a FHIR R4 Bundle of AuditEvents following IHE BALP: reads with the child as patient, break-glass as a security alert', async () => {
      const response = await dpo().get(`/api/audit/events.fhir.json?childId=${childId}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('application/fhir+json');
      const bundle = JSON.parse(response.text);
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', identifier: { system: `${testApp.config.publicUrl}/api/audit/exports`, value: bundle.id } });
      expect(Date.parse(bundle.timestamp)).not.toBeNaN();
      expect(response.headers['content-disposition']).toContain(`audit-events-${bundle.id}.json`);
      expect(bundle.entry[0].fullUrl).toBe(`${testApp.config.publicUrl}/api/audit/events/${bundle.entry[0].resource.id}`);
      const resources = bundle.entry.map((entry: { resource: Record<string, unknown> }) => entry.resource) as Record<string, any>[];
      expect(resources.length).toBeGreaterThan(0);
      expect(resources.every((resource) => resource.resourceType === 'AuditEvent')).toBe(true);
      const events = new Map((await testApp.dataSource.query<{ id: string; action: string; actor_subject: string; outcome: string }[]>(
        `SELECT id::text AS id, action, actor_subject, outcome FROM audit.events WHERE child_id = $1`,
        [childId],
      )).map((event) => [event.id, event]));

      const read = resources.find((resource) => events.get(resource.id)?.action === 'chronology.read' && events.get(resource.id)?.actor_subject === USERS.healthVisitor)!;
      expect(read).toMatchObject({
        meta: { profile: ['https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead'] },
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
        subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
        action: 'R',
        outcome: '0',
      });
      expect(read.entity).toContainEqual(
        expect.objectContaining({ what: expect.objectContaining({ identifier: expect.objectContaining({ value: childId }) }), role: expect.objectContaining({ code: '1' }), type: expect.objectContaining({ code: '1' }) }),
      );
      expect(read.agent).toContainEqual(
        expect.objectContaining({ requestor: true, who: expect.objectContaining({ identifier: { system: testApp.config.oidc.issuer, value: USERS.healthVisitor } }) }),
      );

      const alert = resources.find((resource) => events.get(resource.id)?.action === 'access.claim')!;
      expect(alert).toMatchObject({
        type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110113' },
        subtype: [{ code: '110127', display: 'Emergency Override Started' }],
        action: 'E',
        purposeOfEvent: [{ coding: expect.arrayContaining([expect.objectContaining({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG' })]) }],
      });

      const denied = resources.find((resource) => events.get(resource.id)?.outcome === 'denied')!;
      expect(denied.outcome).toBe('4');
      expect(denied.meta).toBeUndefined();
      expect(response.text).not.toContain(CANARY);
    });

    it("summarises who reached the child's record, how often and how", async () => {
      const response = await dpo().get(`/api/audit/children/${childId}/access`);
      expect(response.status).toBe(200);
      const people = response.body.people as { actor: { subject: string }; accesses: number; actions: string[]; relationships: string[]; breakGlass: boolean }[];
      const bySubject = new Map(people.map((person) => [person.actor.subject, person]));
      expect(bySubject.get(USERS.healthVisitor)).toMatchObject({ actions: expect.arrayContaining(['chronology.read']), relationships: ['involved'], breakGlass: false });
      expect(bySubject.get(USERS.socialWorker)).toMatchObject({ relationships: ['emergency'], breakGlass: true });
      // The DPO's own audit queries are not access to the record; a refused attempt is not access either.
      expect(bySubject.has(USERS.dpo)).toBe(false);
      expect(bySubject.has(USERS.mentor)).toBe(false);
    });

    it("reports access by people not on the child's team", async () => {
      const response = await dpo().get(`/api/audit/reports/off-team-access?childId=${childId}`);
      expect(response.status).toBe(200);
      const events = response.body.events as { actor: { subject: string }; relationship: string | null; action: string }[];
      expect(events.some((event) => event.actor.subject === USERS.socialWorker && event.relationship === 'emergency' && event.action === 'chronology.read')).toBe(true);
      expect(events.some((event) => event.relationship === 'involved')).toBe(false);
    });

    it('lists break-glass use awaiting review, records the review once, and then lists it as reviewed', async () => {
      const awaiting = await dpo().get('/api/audit/reports/break-glass');
      expect(awaiting.status).toBe(200);
      expect(awaiting.body).toContainEqual(expect.objectContaining({ claimId, kind: 'emergency', entriesRead: 1, review: null }));

      expect((await apiFor(testApp, USERS.socialWorker).post(`/api/access-alerts/${claimId}/review`, { outcome: 'appropriate', notes: 'Checked.' })).status).toBe(403);
      expect((await dpo().post(`/api/access-alerts/${claimId}/review`, { outcome: 'fine', notes: 'Checked.' })).status).toBe(400);
      expect((await dpo().post(`/api/access-alerts/${claimId}/review`, { outcome: 'appropriate', notes: '   ' })).status).toBe(400);
      expect((await dpo().post(`/api/access-alerts/00000000-0000-4000-8000-000000000000/review`, { outcome: 'appropriate', notes: 'Checked.' })).status).toBe(404);

      const notes = 'Confirmed with the duty team manager: urgent referral at 22:40, allocated worker on leave.';
      const reviewed = await dpo().post(`/api/access-alerts/${claimId}/review`, { outcome: 'appropriate', notes });
      expect(reviewed.status).toBe(201);
      expect(reviewed.body.review).toMatchObject({ outcome: 'appropriate', notes, reviewedBy: 'Catriona Baird' });
      expect((await dpo().post(`/api/access-alerts/${claimId}/review`, { outcome: 'inappropriate', notes: 'Second thoughts.' })).status).toBe(409);

      expect((await dpo().get('/api/audit/reports/break-glass')).body).not.toContainEqual(expect.objectContaining({ claimId }));
      expect((await dpo().get('/api/access-alerts?status=reviewed')).body).toContainEqual(expect.objectContaining({ claimId, entriesReadSinceReview: 0, review: expect.objectContaining({ outcome: 'appropriate' }) }));
      // Reading on under the claim after its review shows, so the review is not taken to cover it.
      const later = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ summary: 'Read after the review' }));
      expect(later.status).toBe(201);
      expect((await apiFor(testApp, USERS.socialWorker).get(`/api/entries/${later.body.id}`)).status).toBe(200);
      expect((await dpo().get('/api/access-alerts?status=reviewed')).body).toContainEqual(expect.objectContaining({ claimId, entriesReadSinceReview: 1 }));
      await expectAppendOnly(testApp, `UPDATE access_claim_reviews SET outcome = 'inappropriate'`);
    });

    it('reports a user who reached many children within the window (threshold from config)', async () => {
      const children = await Promise.all([1, 2, 3].map(() => createChildWithTeam(testApp, [{ username: USERS.teacher, capacity: 'guidance-teacher' }])));
      for (const child of children) expect((await apiFor(testApp, USERS.teacher).get(`/api/children/${child}/chronology`)).status).toBe(200);
      const response = await dpo().get('/api/audit/reports/unusual-volume');
      expect(response.status).toBe(200);
      expect(response.body.criteria).toEqual({ distinctChildren: 3, windowMinutes: 60 });
      const teacher = response.body.users.find((user: { actor: { subject: string } }) => user.actor.subject === USERS.teacher);
      expect(teacher).toMatchObject({ peakDistinctChildren: expect.any(Number), distinctChildrenInPeriod: expect.any(Number) });
      expect(teacher.peakDistinctChildren).toBeGreaterThanOrEqual(3);
      expect(response.body.users.some((user: { actor: { subject: string } }) => user.actor.subject === USERS.healthVisitor)).toBe(false);
    });

    it.each([['childId=00000000-0000-4000-8000-000000000000'], ['limit=10'], ['colour=blue'], ['from=2026-02-30']])(
      'refuses the unusual-volume report a parameter it does not take, or a bad one (%s), with 400',
      async (query) => {
        const response = await dpo().get(`/api/audit/reports/unusual-volume?${query}`);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it('reports access outside working hours (hours from config)', async () => {
      const response = await dpo().get(`/api/audit/reports/out-of-hours?childId=${childId}`);
      expect(response.status).toBe(200);
      expect(response.body.criteria).toMatchObject({ timeZone: 'Europe/London' });
      expect(response.body.events.map((event: { actor: { subject: string } }) => event.actor.subject)).toEqual(expect.arrayContaining([USERS.healthVisitor, USERS.police]));
    });

    it('audits every report, and refuses reports to everyone else', async () => {
      const response = await dpo().get('/api/audit/reports/out-of-hours');
      const [event] = await testApp.dataSource.query<{ action: string }[]>(`SELECT action FROM audit.events WHERE correlation_id = $1`, [response.headers['x-correlation-id']]);
      expect(event).toEqual({ action: 'audit.report.out-of-hours' });
      for (const path of ['off-team-access', 'unusual-volume', 'out-of-hours', 'break-glass']) {
        expect((await apiFor(testApp, USERS.teamManager).get(`/api/audit/reports/${path}`)).status).toBe(403);
      }
      expect((await apiFor(testApp, USERS.teamManager).get(`/api/audit/children/${childId}/access`)).status).toBe(403);
    });
  });
});
