import request from 'supertest';
import { apiFor, createChildWithTeam, tableCounts, USERS, validEntry } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Findings of a hostile review (issue 13): each class of fault, tried through its variants. Every
 * test here failed before the fix it names.
 */

interface AuditRow {
  action: string;
  outcome: string;
  child_id: string | null;
  relationship: string | null;
  access_claim_id: string | null;
  break_glass: boolean;
  purpose: string;
  client_address: string | null;
  details: Record<string, unknown>;
}

const CLAIM_REASON = 'Called to the house overnight; need the safeguarding history now';

describe('hostile review', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RATE_LIMIT_API_PER_SECOND: '0' } });
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const eventsOf = (response: request.Response): Promise<AuditRow[]> =>
    testApp.ownerQuery<AuditRow>(
      `SELECT action, outcome, child_id, relationship, access_claim_id, break_glass, purpose, client_address, details FROM audit.events WHERE correlation_id = $1 ORDER BY id`,
      [response.headers['x-correlation-id']],
    );

  let identifierCounter = 0;
  /** A child with a CHI number of its own, on whose team `team` are. */
  async function childWithChi(team: { username: string; capacity: string }[]): Promise<{ childId: string; chi: string }> {
    const childId = await createChildWithTeam(testApp, team);
    identifierCounter += 1;
    const chi = String(3012190000 + identifierCounter);
    await testApp.ownerQuery(`INSERT INTO child_identifiers (child_id, scheme, value) VALUES ($1, 'chi', $2)`, [childId, chi]);
    return { childId, chi };
  }

  describe('every read of a child is audited against that child, with its basis and claim (#2)', () => {
    it('a search by identifier under emergency access is recorded as break-glass, against the child and the claim', async () => {
      const { childId, chi } = await childWithChi([{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
      const police = apiFor(testApp, USERS.police);
      const claim = await police.post('/api/access-claims', { childId, kind: 'emergency', reason: CLAIM_REASON });
      expect(claim.status).toBe(201);
      const search = await police.get(`/api/children?identifier=${chi}`);
      expect(search.status).toBe(200);
      expect(search.body.map((child: { id: string }) => child.id)).toEqual([childId]);
      expect(await eventsOf(search)).toEqual([
        expect.objectContaining({ action: 'child.search', outcome: 'success', child_id: childId, relationship: 'emergency', access_claim_id: claim.body.id, break_glass: true, purpose: 'break-glass' }),
      ]);
    });

    it('a search by name finding children under different bases records each child with its own', async () => {
      const familyName = `Searchable${Date.now()}`;
      const admin = apiFor(testApp, USERS.admin);
      const onTeam = await admin.post('/api/children', { givenName: 'Ava', familyName, dateOfBirth: '2018-01-01' });
      const claimed = await admin.post('/api/children', { givenName: 'Ben', familyName, dateOfBirth: '2018-01-02' });
      expect([onTeam.status, claimed.status]).toEqual([201, 201]);
      const teacherId = (await testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM practitioners WHERE subject = $1`, [USERS.teacher]))[0].id;
      expect((await admin.post(`/api/children/${onTeam.body.id}/team`, { practitionerId: teacherId, capacity: 'class-teacher', startsOn: '2025-01-01' })).status).toBe(201);
      const teacher = apiFor(testApp, USERS.teacher);
      const claim = await teacher.post('/api/access-claims', { childId: claimed.body.id, kind: 'self-claimed', reason: CLAIM_REASON });
      expect(claim.status).toBe(201);
      const search = await teacher.get(`/api/children?name=${familyName}`);
      expect(search.body.map((child: { id: string }) => child.id).sort()).toEqual([onTeam.body.id, claimed.body.id].sort());
      const events = await eventsOf(search);
      expect(events.map(({ action, child_id, relationship, access_claim_id, break_glass, purpose }) => ({ action, child_id, relationship, access_claim_id, break_glass, purpose }))).toEqual(
        expect.arrayContaining([
          { action: 'child.search', child_id: onTeam.body.id, relationship: 'involved', access_claim_id: null, break_glass: false, purpose: 'case-work' },
          { action: 'child.search', child_id: claimed.body.id, relationship: 'self-claimed', access_claim_id: claim.body.id, break_glass: false, purpose: 'case-work' },
        ]),
      );
      expect(events).toHaveLength(2);
    });

    it("the DPO's report on the child lists the search made under emergency access", async () => {
      const { childId, chi } = await childWithChi([{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
      const gp = apiFor(testApp, USERS.gp);
      expect((await gp.post('/api/access-claims', { identifier: { scheme: 'chi', value: chi }, kind: 'emergency', reason: CLAIM_REASON })).status).toBe(201);
      expect((await gp.get(`/api/children?identifier=${chi}`)).status).toBe(200);
      const report = await apiFor(testApp, USERS.dpo).get(`/api/audit/children/${childId}/access`);
      expect(report.status).toBe(200);
      const person = report.body.people.find((entry: { actor: { subject: string } }) => entry.actor.subject === USERS.gp);
      expect(person).toMatchObject({ actions: expect.arrayContaining(['child.search']), breakGlass: true });
    });

    it('a search that finds nobody is recorded once, against no child', async () => {
      const search = await apiFor(testApp, USERS.teacher).get('/api/children?identifier=9999999999');
      expect(search.status).toBe(200);
      expect(await eventsOf(search)).toEqual([expect.objectContaining({ action: 'child.search', child_id: null, details: expect.objectContaining({ resultChildIds: [] }) })]);
    });
  });

  describe('null for an optional field is "not given", on every body (#3)', () => {
    it('an entry with null optional text is recorded as if they were left out', async () => {
      const childId = await createChildWithTeam(testApp, [{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
      const response = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ outcome: null, detail: null, eventEndDate: null, sensitivity: null }));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ sensitivity: 'standard' });
      expect([response.body.outcome, response.body.detail, response.body.eventEndDate]).toEqual([null, null, null]);
    });

    it('a refused write carrying a null is refused and audited as a refusal, not a 500', async () => {
      const childId = await createChildWithTeam(testApp, [{ username: USERS.mentor, capacity: 'mentor' }]);
      const response = await apiFor(testApp, USERS.mentor).post(`/api/children/${childId}/entries`, validEntry({ eventType: 'mentoring-match', outcome: null, detail: 'What we talked about.' }));
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FIELD_NOT_WRITABLE');
      expect(await eventsOf(response)).toEqual([expect.objectContaining({ action: 'entry.create', outcome: 'denied', child_id: childId })]);
    });

    it('null in the optional fields of a child, a share, a claim and an export is "not given"', async () => {
      const admin = apiFor(testApp, USERS.admin);
      const child = await admin.post('/api/children', { givenName: 'Nia', familyName: `Null${Date.now()}`, knownAs: null, dateOfBirth: '2017-03-03', identifiers: null });
      expect(child.status).toBe(201);
      expect(child.body).toMatchObject({ knownAs: null, identifiers: [] });
      const childId = await createChildWithTeam(testApp, [{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
      const hv = apiFor(testApp, USERS.healthVisitor);
      const entry = await hv.post(`/api/children/${childId}/entries`, validEntry());
      const share = await hv.post(`/api/entries/${entry.body.id}/sharing-decisions`, {
        recipientAgency: 'calderbank-community-school',
        decision: 'shared',
        purpose: 'The school nurse needs the growth record.',
        necessity: 'The health plan cannot be written without it.',
        lawfulBasis: 'UK GDPR Art. 6(1)(e)',
        familyInformed: true,
        familyNotInformedReason: null,
        familyViews: null,
      });
      expect(share.status).toBe(201);
      const exported = await hv.post(`/api/children/${childId}/exports`, { audience: 'case-conference', purpose: 'Case conference', producedFor: 'Members', lawfulBasis: null, from: null, to: null, agency: null, eventType: null, significant: null });
      expect(exported.status).toBe(201);
      const amended = await hv.post(`/api/entries/${entry.body.id}/amendments`, { reason: 'Outcome known now', changes: { outcome: 'Growth fine.' } });
      expect(amended.status).toBe(201);
      // In an amendment's changes null still means "clear this field".
      const cleared = await hv.post(`/api/entries/${entry.body.id}/amendments`, { reason: 'Outcome was premature', changes: { outcome: null } });
      expect(cleared.status).toBe(201);
      expect(cleared.body.outcome).toBeNull();
    });
  });

  describe('a period PostgreSQL cannot hold is a 400 everywhere, and an export is recorded as what the client got (#4)', () => {
    const UNHOLDABLE = ['2026-12-01T10:00:00+16:00', '2026-12-01T10:00:00-15:59', '2026-12-01T10:00:00+14:60', '9999-12-31T23:00:00-14:00'];
    const ROUTES = ['/api/audit/events', '/api/audit/events.csv', '/api/audit/events.fhir.json', '/api/audit/reports/off-team-access', '/api/audit/reports/out-of-hours', '/api/audit/reports/unusual-volume'];

    it.each(ROUTES.flatMap((route) => UNHOLDABLE.map((from) => ({ route, from }))))('$route?from=$from is a 400 naming from, and records no success', async ({ route, from }) => {
      const response = await apiFor(testApp, USERS.dpo).get(`${route}?from=${encodeURIComponent(from)}`);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'from' })]));
      expect((await eventsOf(response)).filter((event) => event.outcome === 'success')).toEqual([]);
    });

    it('a time PostgreSQL can hold at the edge of the offsets is answered', async () => {
      const response = await apiFor(testApp, USERS.dpo).get(`/api/audit/events.csv?from=${encodeURIComponent('2026-12-01T10:00:00+14:00')}`);
      expect(response.status).toBe(200);
      expect(await eventsOf(response)).toEqual([expect.objectContaining({ action: 'audit.export', outcome: 'success' })]);
    });
  });

  describe('a NUL in any parameter is a 400, never a 500 (#5)', () => {
    it.each([
      '/api/children?identifier=%00',
      '/api/children?identifier=123%00456',
      '/api/children?name=Ava%00',
      '/api/audit/events?actor=dpo%00',
      '/api/audit/events?childIdentifier=chi:1%00',
      '/api/access-alerts?status=all%00',
    ])('%s', async (path) => {
      const response = await apiFor(testApp, path.startsWith('/api/children') ? USERS.teacher : USERS.dpo).get(path);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });
  });

  describe('keys named after Object.prototype members are refused as unknown fields (#6)', () => {
    const MEMBERS = ['hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];

    it.each(MEMBERS)('%s in an entry, a child, an amendment and its changes, and a query', async (member) => {
      const childId = await createChildWithTeam(testApp, [{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
      const hv = apiFor(testApp, USERS.healthVisitor);
      const entry = await hv.post(`/api/children/${childId}/entries`, validEntry());
      const before = await tableCounts(testApp);
      const attempts: [string, request.Response][] = [
        [member, await hv.post(`/api/children/${childId}/entries`, validEntry({ [member]: 'x' }))],
        [member, await apiFor(testApp, USERS.admin).post('/api/children', { givenName: 'Kit', familyName: 'Proto', dateOfBirth: '2018-01-01', [member]: 'x' })],
        [`identifiers.0.${member}`, await apiFor(testApp, USERS.admin).post('/api/children', { givenName: 'Kit', familyName: 'Proto', dateOfBirth: '2018-01-01', identifiers: [{ scheme: 'chi', value: '0101180001', [member]: 1 }] })],
        [member, await hv.post(`/api/entries/${entry.body.id}/amendments`, { reason: 'Typo', changes: { summary: 'Changed.' }, [member]: 'x' })],
        [`changes.${member}`, await hv.post(`/api/entries/${entry.body.id}/amendments`, { reason: 'Typo', changes: { summary: 'Changed.', [member]: 'x' } })],
        [member, await hv.get(`/api/children/${childId}/chronology?${member}=x`)],
      ];
      for (const [field, response] of attempts) {
        expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
        expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
      expect(await tableCounts(testApp)).toEqual(before);
    });
  });

  describe('X-Forwarded-For is believed only from proxies the operator names (#7)', () => {
    it('by default no proxy is trusted: a forwarded address from a loopback or private peer is not recorded', async () => {
      const token = await testApp.tokenFor(USERS.dpo);
      const response = await request(testApp.baseUrl).get('/api/audit/events?limit=1').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', '203.0.113.9');
      expect(response.status).toBe(200);
      const [event] = await eventsOf(response);
      expect(event.client_address).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    });
  });

  describe('a new user calling the API (#7)', () => {
    let childId: string;
    beforeAll(async () => {
      childId = await createChildWithTeam(testApp, [{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
      expect((await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry())).status).toBe(201);
    });
    const problemsOf = (response: request.Response): Record<string, string> =>
      Object.fromEntries((response.body.details ?? []).map((detail: { field: string; problem: string }) => [detail.field, detail.problem]));

    it.each([
      ['an unknown agency code', 'agency=nhs-lanarkshire,no-such-agency', 'agency', /no such agency: no-such-agency; the agency codes are .*nhs-lanarkshire/],
      ['an unknown event type', 'eventType=no-such-type', 'eventType', /no such event type: no-such-type; see GET \/api\/event-types/],
      ['an event type given by its label', `eventType=${encodeURIComponent('Health assessment')}`, 'eventType', /"Health assessment" is the label of health-assessment/],
      ['to before from', 'from=2026-03-01&to=2026-02-01', 'to', /to must not be before from \(2026-03-01\)/],
    ])('a chronology filtered by %s is refused with 400 saying what is valid, not answered with no entries', async (_name, filter, field, problem) => {
      const response = await apiFor(testApp, USERS.healthVisitor).get(`/api/children/${childId}/chronology?${filter}`);
      expect(response.status).toBe(400);
      expect(problemsOf(response)[field]).toMatch(problem);
    });

    it('every problem of an entry is reported at once, in plain words', async () => {
      const response = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, {
        eventDate: '2026-03-04',
        eventEndDate: '2026-03-01',
        eventType: 'Health assessment',
        wellbeingIndicators: ['happy'],
      });
      expect(response.status).toBe(400);
      expect(problemsOf(response)).toEqual({
        summary: 'summary is required',
        actionTaken: expect.stringMatching(/^actionTaken is required: record the action taken, or in noActionReason why none was taken/),
        eventType: expect.stringMatching(/"Health assessment" is the label of health-assessment/),
        eventEndDate: 'eventEndDate (2026-03-01) must not be before eventDate (2026-03-04)',
        wellbeingIndicators: expect.stringMatching(/safe, healthy, achieving, nurtured, active, respected, responsible, included/),
      });
    });

    it('every problem of a share, a team change, a child and a claim is reported at once', async () => {
      const hv = apiFor(testApp, USERS.healthVisitor);
      const entry = await hv.post(`/api/children/${childId}/entries`, validEntry());
      const share = await hv.post(`/api/entries/${entry.body.id}/sharing-decisions`, { recipientAgency: 'no-such-agency', decision: 'shared', purpose: 'Plan', familyInformed: false });
      expect(Object.keys(problemsOf(share)).sort()).toEqual(['familyNotInformedReason', 'lawfulBasis', 'necessity', 'recipientAgency']);
      const admin = apiFor(testApp, USERS.admin);
      const team = await admin.post(`/api/children/${childId}/team`, { practitionerId: 'nope', capacity: 'gp', startsOn: '2026-02-01', endsOn: '2026-01-01' });
      expect(Object.keys(problemsOf(team)).sort()).toEqual(['endsOn', 'practitionerId']);
      const child = await admin.post('/api/children', { givenName: 'Al', dateOfBirth: '2018-01-01', identifiers: [{ scheme: 'chi', value: '12' }] });
      expect(problemsOf(child)).toEqual({ familyName: 'familyName is required', 'identifiers.0.value': 'a CHI number must be 10 digits' });
      const claim = await apiFor(testApp, USERS.police).post('/api/access-claims', { kind: 'emergency', reason: 'x'.repeat(30), identifier: { scheme: 'nhs', value: '1' }, childId });
      expect(Object.keys(problemsOf(claim)).sort()).toEqual(['childId', 'identifier', 'identifier.value']);
    });

    it('a child you may not see is "not found" in the same words as one that does not exist, with the way to ask for access', async () => {
      const teacher = apiFor(testApp, USERS.teacher);
      const hidden = await teacher.get(`/api/children/${childId}`);
      const missing = await teacher.get('/api/children/6f1d3c2e-0000-4000-8000-000000000000');
      expect([hidden.status, missing.status]).toEqual([404, 404]);
      expect(hidden.body.message).toBe(missing.body.message);
      expect(hidden.body.message).toMatch(/POST \/api\/access-claims/);
      const chronology = await teacher.get(`/api/children/${childId}/chronology`);
      expect(chronology.body.message).toBe(missing.body.message);
    });
  });

  describe("the data protection officer's first start (#7)", () => {
    const dpo = () => apiFor(testApp, USERS.dpo);
    const demoChild = async (name: string): Promise<{ id: string; identifiers: { scheme: string; value: string }[] }> => {
      const found = await dpo().get(`/api/audit/children?name=${name}`);
      expect(found.status).toBe(200);
      expect(found.body).toHaveLength(1);
      return found.body[0];
    };

    it('finds a child by name and date of birth: identity only, audited against the child', async () => {
      const response = await dpo().get('/api/audit/children?name=Isla%20Brennan&dateOfBirth=2024-05-21');
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { id: expect.any(String), givenName: 'Isla', familyName: 'Brennan', knownAs: null, dateOfBirth: '2024-05-21', ageInYears: expect.any(Number), identifiers: [{ scheme: 'chi', value: '2105243649' }] },
      ]);
      expect(await eventsOf(response)).toEqual([expect.objectContaining({ action: 'audit.child-lookup', outcome: 'success', child_id: response.body[0].id, purpose: 'audit' })]);
      expect((await dpo().get('/api/audit/children')).status).toBe(400);
      expect((await apiFor(testApp, USERS.healthVisitor).get('/api/audit/children?name=Isla')).status).toBe(403);
    });

    it("the per-child report lists who was refused, beside who looked, and names the child by identifier", async () => {
      const isla = await demoChild('Isla');
      const report = await dpo().get(`/api/audit/children/${isla.id}/access`);
      expect(report.status).toBe(200);
      expect(report.body.childIdentifier).toBe('chi:2105243649');
      expect(report.body.people.length).toBeGreaterThan(0);
      expect(report.body.refused).toEqual(
        expect.arrayContaining([expect.objectContaining({ actor: expect.objectContaining({ subject: USERS.mentor }), attempts: expect.any(Number), reasons: ['no-relationship'] })]),
      );
      expect(report.body.people.map((person: { actor: { subject: string } }) => person.actor.subject)).not.toContain(USERS.mentor);
    });

    it('a refusal made now is in the per-child report at once', async () => {
      const lewis = await demoChild('Lewis');
      expect((await apiFor(testApp, USERS.gp).get(`/api/children/${lewis.id}/chronology`)).status).toBe(404);
      const report = await dpo().get(`/api/audit/children/${lewis.id}/access`);
      expect(report.body.refused).toEqual(expect.arrayContaining([expect.objectContaining({ actor: expect.objectContaining({ subject: USERS.gp }), actions: ['chronology.read'] })]));
    });

    it('the demo starts with a month of access: break-glass awaiting review, an out-of-hours read, and a trail that verifies', async () => {
      const lewis = await demoChild('Lewis');
      const breakGlass = await dpo().get('/api/audit/reports/break-glass');
      expect(breakGlass.body).toEqual(expect.arrayContaining([expect.objectContaining({ childId: lewis.id, kind: 'emergency', practitioner: expect.objectContaining({ name: expect.any(String) }) })]));
      const offTeam = await dpo().get('/api/audit/reports/off-team-access');
      expect(offTeam.body.events).toEqual(expect.arrayContaining([expect.objectContaining({ childId: lewis.id, childIdentifier: 'chi:0309162157', breakGlass: true })]));
      const outOfHours = await dpo().get('/api/audit/reports/out-of-hours');
      expect(outOfHours.body.events).toEqual(expect.arrayContaining([expect.objectContaining({ actor: expect.objectContaining({ subject: USERS.socialWorker }) })]));
      const [{ days }] = await testApp.ownerQuery<{ days: number }>(`SELECT extract(day FROM now() - min(occurred_at))::int AS days FROM audit.events`);
      expect(days).toBeGreaterThanOrEqual(28);
      const verified = await dpo().get('/api/audit/verify');
      expect(verified.body).toMatchObject({ valid: true, firstProblem: null });
    });

    it('the CSV names each child by its primary identifier beside its id', async () => {
      const lewis = await demoChild('Lewis');
      const csv = await dpo().get(`/api/audit/events.csv?childId=${lewis.id}`);
      const [header, first] = csv.text.split('\r\n');
      const columns = header.split(',');
      expect(columns.slice(columns.indexOf('child_id'), columns.indexOf('child_id') + 2)).toEqual(['child_id', 'child_identifier']);
      expect(first.split(',')[columns.indexOf('child_identifier')]).toBe('chi:0309162157');
    });
  });
});
