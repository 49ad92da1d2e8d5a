import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Clock } from '../../src/common/clock';
import { apiFor, practitionerId, USERS } from '../support/fixtures';
import { formTokenOf, signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The data protection officer's and the administrator's pages never show case content: entries
 * whose every text field is a unique canary are written into a child's chronology and read by the
 * team, so the audit trail is full of events about them, and no canary may appear on any of these
 * pages or their downloads. And every form on them is refused without the session's token, with
 * nothing changed.
 */
const TEXT_FIELDS = ['summary', 'detail', 'impact_on_child', 'action_taken', 'outcome', 'professional_analysis', 'child_view', 'source_reference'];
/** The demo's emergency claim on Lewis's record, awaiting review. */
const DEMO_CLAIM = '5d1e0c7a-2b3f-4c8d-9e10-0000000d3e01';

describe('governance pages: no case content, and no form without its token', () => {
  let testApp: TestApp;
  let isla: string;
  let dpoCookie: string;
  let adminCookie: string;
  let lewis: string;
  let lewisInvolvement: string;
  let sarRequest: string;
  let hold: string;
  const canaryEntries: string[] = [];
  const canaries: string[] = [];

  beforeAll(async () => {
    testApp = await startTestApp();
    [{ id: isla }] = await testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM children WHERE given_name = 'Isla'`);
    const author = await practitionerId(testApp, USERS.healthVisitor);
    for (const sensitivity of ['standard', 'sensitive', 'restricted']) {
      const text = (field: string) => `[[CANARY:${sensitivity}:${field}]]`;
      canaries.push(...TEXT_FIELDS.map(text));
      const [{ id }] = await testApp.dataSource.query<{ id: string }[]>(
        `INSERT INTO chronology_entries (child_id, source_agency_id, author_id, recorded_at, status, current_version)
         VALUES ($1, (SELECT id FROM agencies WHERE code = 'nhs-lanarkshire'), $2, now(), 'current', 1) RETURNING id`,
        [isla, author],
      );
      canaryEntries.push(id);
      await testApp.dataSource.query(
        `INSERT INTO chronology_entry_versions (entry_id, version_number, change, changed_by_id, changed_at, event_date, date_precision, event_type,
           wellbeing_indicators, significant, nature, information_source, sensitivity, names_third_parties, lawful_basis, ${TEXT_FIELDS.join(', ')})
         VALUES ($1, 1, 'created', $2, now(), '2026-11-02', 'day', 'concern-raised', '{safe}', true, 'negative', 'first-hand', $3, false, 'UK GDPR Art. 6(1)(e)', ${TEXT_FIELDS.map((_, i) => `$${i + 4}`).join(', ')})`,
        [id, author, sensitivity, ...TEXT_FIELDS.map(text)],
      );
    }
    // The team reads them, and someone off the team is refused: the trail now holds events about every canary entry.
    for (const username of [USERS.healthVisitor, USERS.socialWorker, USERS.police]) {
      const read = await apiFor(testApp, username).get(`/api/children/${isla}/chronology`);
      expect(read.status).toBe(200);
      expect(canaries.some((canary) => read.text.includes(canary))).toBe(true);
    }
    expect((await apiFor(testApp, USERS.mentor).get(`/api/children/${isla}/chronology`)).status).toBe(404);
    dpoCookie = await signInSession(testApp, USERS.dpo);
    // A subject access request for Isla, one of whose canary entries is released to it: its page names the entry by id only.
    const recorded = await apiFor(testApp, USERS.dpo).post(`/api/children/${isla}/subject-access-requests`, { requesterName: 'Morag Brennan', capacity: 'parental-responsibility', receivedOn: '2026-10-01' });
    expect(recorded.status).toBe(201);
    sarRequest = recorded.body.id;
    const placed = await apiFor(testApp, USERS.dpo).post('/api/retention/legal-holds', { scope: 'child', childId: isla, reason: 'Preservation request of the inquiry', requestedBy: 'Scottish Child Abuse Inquiry' });
    expect(placed.status).toBe(201);
    hold = placed.body.id;
    expect((await apiFor(testApp, USERS.dpo).post(`/api/subject-access-requests/${sarRequest}/releases`, { entryId: canaryEntries[0], reason: 'Her mother agreed to it being shared.' })).status).toBe(201);
    adminCookie = await signInSession(testApp, USERS.admin);
    [{ id: lewis, involvement: lewisInvolvement }] = await testApp.dataSource.query<{ id: string; involvement: string }[]>(
      `SELECT c.id, (SELECT i.id FROM involvements i WHERE i.child_id = c.id AND i.ends_on IS NULL ORDER BY i.starts_on LIMIT 1) AS involvement FROM children c WHERE c.given_name = 'Lewis'`,
    );
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  const leaked = (body: string) => canaries.filter((canary) => body.includes(canary));

  it.each([
    ['/dpo', 'Claimed and emergency access awaiting review'],
    ['/dpo/find-a-child', 'Find a child to audit'],
    ['/dpo/children/{isla}/access', "Who has looked at Isla Brennan's record"],
    ['/dpo/children/{isla}/access.csv', 'read,hv.hughes,'],
    ['/dpo/audit', 'Audit log'],
    ['/dpo/audit?childId={isla}', 'Isla Brennan'],
    ['/dpo/audit?childId={isla}&action=chronology.read', 'entries shown, as a member of the team'],
    ['/dpo/alerts', 'Access outside working hours'],
    ['/dpo/integrity', 'Integrity of the audit trail'],
    ['/dpo/disclosures', 'Sharing decisions'],
    ['/dpo/disclosures?childId={isla}', 'Sharing decisions'],
    [`/dpo/alerts/claims/${DEMO_CLAIM}/review`, 'Fiona Morrison'],
    // Received on 1 October 2026, due on 1 November: overdue, and tagged so.
    ['/dpo/subject-access', 'govuk-tag--red'],
    ['/dpo/subject-access/new', 'Record a subject access request'],
    ['/dpo/subject-access/{request}', 'Her mother agreed to it being shared.'],
    ['/dpo/retention', 'Scottish Child Abuse Inquiry'],
    ['/dpo/retention/legal-holds/new', 'Place a legal hold'],
    ['/dpo/retention/legal-holds/{hold}/lift', 'Preservation request of the inquiry'],
    ['/dpo/disputes/new', 'Record a dispute'],
    ['/dpo/record-of-processing.csv', 'recipient_agency_types'],
    ['/dpo/record-of-processing.md', '# Record of processing activities'],
  ])('GET %s holds no case content', async (path, shows) => {
    const response = await request(testApp.baseUrl).get(path.replace('{isla}', isla).replace('{request}', sarRequest).replace('{hold}', hold)).set('Cookie', dpoCookie);
    expect(response.status).toBe(200);
    // The page is the one meant, with the trail's events about the canary entries on it where it lists events.
    expect(response.text).toContain(shows);
    expect(leaked(response.text)).toEqual([]);
  });

  it.each([
    ['/admin', 'Find a child to manage their team'],
    ['/admin/children/new', "Create a child's record"],
    ['/admin/children/{isla}/team', 'Team around Isla Brennan'],
    ['/admin/practitioners', 'Practitioners by agency'],
    ['/admin/policy', 'Administrators in any agency may manage the team around a child.'],
  ])('GET %s (administrator) holds no case content', async (path, shows) => {
    const response = await request(testApp.baseUrl).get(path.replace('{isla}', isla)).set('Cookie', adminCookie);
    expect(response.status).toBe(200);
    expect(response.text).toContain(shows.replace(/'/g, '&#39;'));
    expect(leaked(response.text)).toEqual([]);
  });

  it('the disputes page lists a dispute in the words recorded, and no case content', async () => {
    expect((await apiFor(testApp, USERS.dpo).post(`/api/entries/${canaryEntries[0]}/disputes`, { words: 'My mum was not there that day.', disputedBy: 'Isla Brennan', capacity: 'young-person' })).status).toBe(201);
    for (const path of ['/dpo/disputes', '/dpo/disputes?status=all']) {
      const response = await request(testApp.baseUrl).get(path).set('Cookie', dpoCookie);
      expect(response.status).toBe(200);
      expect(response.text).toContain('My mum was not there that day.');
      expect(response.text).toContain(canaryEntries[0]);
      expect(leaked(response.text)).toEqual([]);
    }
  });

  it("the DPO's look-up holds no case content", async () => {
    const response = await request(testApp.baseUrl).post('/dpo/find-a-child').set('Cookie', dpoCookie).type('form').send({ identifier: '2105243649', _csrf: await formTokenOf(testApp, dpoCookie) });
    expect(response.status).toBe(200);
    expect(response.text).toContain('Isla Brennan');
    expect(leaked(response.text)).toEqual([]);
  });

  describe('every form is refused without the form token, and nothing changes', () => {
    const events = async (action: string) =>
      (await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM audit.events WHERE action = $1 AND outcome = 'success'`, [action]))[0].count;

    it.each([
      ['the DPO look-up', '/dpo/find-a-child', { identifier: '2105243649' }, () => events('audit.child-lookup')],
      [
        'the review of a claim',
        `/dpo/alerts/claims/${DEMO_CLAIM}/review`,
        { outcome: 'appropriate', notes: 'Checked with the head teacher.' },
        async () => (await testApp.dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM access_claim_reviews'))[0].count,
      ],
      ['verify now', '/dpo/integrity/verify', {}, () => events('audit.verify')],
      ['sign a checkpoint now', '/dpo/integrity/checkpoint', {}, () => events('audit.checkpoint')],
      [
        'recording a subject access request',
        '/dpo/subject-access/new',
        { identifier: '2105243649', requesterName: 'Isla Brennan', capacity: 'young-person', 'receivedOn-day': '1', 'receivedOn-month': '12', 'receivedOn-year': '2026' },
        () => events('subject-access.record'),
      ],
      ['extending a request', '/dpo/subject-access/{request}/extensions', { months: '1', extensionReason: 'Several requests from the same family.' }, () => events('subject-access.extend')],
      ['releasing an entry', '/dpo/subject-access/{request}/releases', { entryId: '{entry}', releaseReason: 'The other person agreed to it.' }, () => events('subject-access.release')],
      ['producing a pack', '/dpo/subject-access/{request}/packs', { format: 'json' }, () => events('subject-access.pack')],
      ['closing a request', '/dpo/subject-access/{request}/closure', { status: 'completed' }, () => events('subject-access.close')],
      ['placing a legal hold', '/dpo/retention/legal-holds/new', { scope: 'agency', agency: 'nhs-lanarkshire', reason: 'Preservation request of the inquiry', requestedBy: 'The inquiry' }, () => events('legal-hold.place')],
      ['recording a dispute', '/dpo/disputes/new', { entryId: '{entry2}', words: 'That never happened.', disputedBy: 'Isla Brennan', capacity: 'young-person' }, () => events('entry.dispute')],
      ['lifting a legal hold', '/dpo/retention/legal-holds/{hold}/lift', { reason: 'The inquiry released its request.' }, () => events('legal-hold.lift')],
    ])('%s', async (_name, path, fields, changed) => {
      const fill = (text: string) => text.replace('{request}', sarRequest).replace('{entry}', canaryEntries[1]).replace('{hold}', hold).replace('{entry2}', canaryEntries[2]);
      await refusedWithoutToken(dpoCookie, fill(path), Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, fill(value)])), changed);
    });

    const count = async (sql: string) => (await testApp.dataSource.query<{ count: number }[]>(sql))[0].count;

    it.each([
      ['the administrator finding a child', '/admin/find-a-child', { identifier: '2105243649' }, () => count(`SELECT count(*)::int AS count FROM audit.events WHERE action = 'child.search'`)],
      [
        'creating a child',
        '/admin/children/new',
        { givenName: 'Token', familyName: 'Test', 'dateOfBirth-day': '1', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2020' },
        () => count('SELECT count(*)::int AS count FROM children'),
      ],
      [
        'adding to a team',
        '/admin/children/{lewis}/team',
        { practitionerId: '{hughes}', capacity: 'health-visitor', 'startsOn-day': '1', 'startsOn-month': '11', 'startsOn-year': '2026' },
        () => count('SELECT count(*)::int AS count FROM involvements'),
      ],
      [
        'ending an involvement',
        '/admin/children/{lewis}/team/{involvement}/end',
        { 'endsOn-day': '1', 'endsOn-month': '12', 'endsOn-year': '2026' },
        () => count('SELECT count(*)::int AS count FROM involvements WHERE ends_on IS NOT NULL'),
      ],
    ])('%s', async (_name, path, fields, changed) => {
      const hughes = await practitionerId(testApp, USERS.healthVisitor);
      const fill = (text: string) => text.replace('{lewis}', lewis).replace('{involvement}', lewisInvolvement).replace('{hughes}', hughes);
      await refusedWithoutToken(adminCookie, fill(path), Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, fill(value)])), changed);
    });

    describe("retention decisions, with the clock moved to when Isla's records are due", () => {
      let due: { childId: string; retentionClass: string }[];
      const page = (path: string) => request(testApp.baseUrl).get(path).set('Cookie', dpoCookie);
      const decidePath = (record: { retentionClass: string }) => `/dpo/retention/decide?childId=${isla}&retentionClass=${encodeURIComponent(record.retentionClass)}`;

      beforeEach(async () => {
        jest.spyOn(testApp.app.get(Clock), 'now').mockReturnValue(new Date('2130-01-01T12:00:00Z'));
        for (const hold of (await apiFor(testApp, USERS.dpo).get('/api/retention/legal-holds')).body as { id: string; liftedAt: string | null }[]) {
          if (!hold.liftedAt) expect((await apiFor(testApp, USERS.dpo).post(`/api/retention/legal-holds/${hold.id}/lift`, { reason: 'Lifted for this test of destruction.' })).status).toBe(201);
        }
        due = ((await apiFor(testApp, USERS.dpo).get('/api/retention/due')).body as { childId: string; retentionClass: string }[]).filter((record) => record.childId === isla);
      });

      afterEach(() => jest.restoreAllMocks());

      it('the list and a record\'s page hold no case content', async () => {
        expect(due.length).toBeGreaterThanOrEqual(2);
        for (const path of ['/dpo/retention', decidePath(due[0])]) {
          const response = await page(path);
          expect(response.status).toBe(200);
          expect(response.text).toContain(isla);
          expect(leaked(response.text)).toEqual([]);
        }
      });

      it("a record's page reads that one record, audited as it; one named by an id that is not a UUID is not found", async () => {
        const pageId = `decide-one-${Date.now()}`;
        expect((await page(decidePath(due[0])).set(correlation(pageId))).status).toBe(200);
        expect(await eventsOf(pageId)).toEqual([
          { action: 'retention.read', outcome: 'success', child_id: isla, details: { list: 'due', retentionClass: due[0].retentionClass, returned: 1, today: '2130-01-01' } },
        ]);
        const bad = await page(`/dpo/retention/decide?childId=not-a-uuid&retentionClass=${encodeURIComponent(due[0].retentionClass)}`);
        expect(bad.status).toBe(404);
        expect(bad.text).toContain('Page not found');
      });

      it('keeping a record longer', async () => {
        await refusedWithoutToken(dpoCookie, '/dpo/retention/extensions', { childId: isla, retentionClass: due[0].retentionClass, 'extendTo-day': '1', 'extendTo-month': '1', 'extendTo-year': '2140', reason: 'A police investigation is still open.' }, () => events('retention.extend'));
      });

      it('destroying a record only when confirmed, and its certificate holds no case content', async () => {
        const record = due.find((candidate) => candidate.retentionClass !== due[0].retentionClass) ?? due[0];
        const fields = { childId: isla, retentionClass: record.retentionClass, destroyReason: 'Reached review; nothing requires keeping it.' };
        const unconfirmed = await request(testApp.baseUrl).post('/dpo/retention/destructions').set('Cookie', dpoCookie).type('form').send({ ...fields, _csrf: await formTokenOf(testApp, dpoCookie) });
        expect(unconfirmed.status).toBe(400);
        expect(unconfirmed.text).toContain('Confirm that the content of these entries is to be destroyed');
        expect(await events('retention.destroy')).toBe(0);
        await refusedWithoutToken(dpoCookie, '/dpo/retention/destructions', { ...fields, confirm: 'yes' }, () => events('retention.destroy'));
        const [{ id }] = await testApp.dataSource.query<{ id: string }[]>('SELECT id FROM destruction_certificates');
        const certificate = await page(`/dpo/retention/certificates/${id}`);
        expect(certificate.status).toBe(200);
        expect(certificate.text).toContain('Reached review; nothing requires keeping it.');
        expect(leaked(certificate.text)).toEqual([]);
      });
    });

    async function refusedWithoutToken(cookie: string, path: string, fields: Record<string, string>, changed: () => Promise<number>): Promise<void> {
      const before = await changed();
      for (const token of [undefined, 'not-the-token']) {
        const response = await request(testApp.baseUrl).post(path).set('Cookie', cookie).type('form').send(token ? { ...fields, _csrf: token } : fields);
        expect(response.status).toBe(403);
      }
      expect(await changed()).toBe(before);
      // With the token the same form goes through: the refusal was the token's.
      const accepted = await request(testApp.baseUrl).post(path).set('Cookie', cookie).type('form').send({ ...fields, _csrf: await formTokenOf(testApp, cookie) });
      expect([200, 303]).toContain(accepted.status);
      expect(await changed()).toBeGreaterThan(before);
    }
  });

  describe('a page about one thing reads that one thing, audited as it; a refusal, or a thing that is not there, is the only event', () => {
    const asDpo = (path: string, pageId: string) => request(testApp.baseUrl).get(path).set('Cookie', dpoCookie).set(correlation(pageId));
    const asDpoApi = async (path: string, pageId: string) => request(testApp.baseUrl).get(path).set('Authorization', `Bearer ${await testApp.tokenFor(USERS.dpo)}`).set(correlation(pageId));

    it("an administrator's pages about a child's team refuse a practitioner on the team before reading the child or the team", async () => {
      const [{ involvement }] = await testApp.dataSource.query<{ involvement: string }[]>(`SELECT id AS involvement FROM involvements WHERE child_id = $1 AND ends_on IS NULL LIMIT 1`, [isla]);
      const teamMember = await signInSession(testApp, USERS.healthVisitor);
      for (const [path, refusedAs] of [
        // Whom to add comes first: no child's record in it.
        [`/admin/children/${isla}/team`, 'practitioner.list'],
        [`/admin/children/${isla}/team/${involvement}/end`, 'team.read'],
      ]) {
        const pageId = `admin-refused-${Date.now()}-${path.length}`;
        const refused = await request(testApp.baseUrl).get(path).set('Cookie', teamMember).set(correlation(pageId));
        expect({ path, status: refused.status }).toEqual({ path, status: 403 });
        expect({ path, events: (await eventsOf(pageId)).map(({ action, outcome }) => ({ action, outcome })) }).toEqual({ path, events: [{ action: refusedAs, outcome: 'denied' }] });
      }
    });

    it("ending an involvement: its page reads that one involvement; one on another child's team is not found, with nothing read", async () => {
      const pageId = `end-form-${Date.now()}`;
      expect((await request(testApp.baseUrl).get(`/admin/children/${lewis}/team/${lewisInvolvement}/end`).set('Cookie', adminCookie).set(correlation(pageId))).status).toBe(200);
      expect((await eventsOf(pageId)).map(({ action, outcome, child_id, details }) => ({ action, outcome, child_id, details }))).toEqual([
        { action: 'team.read', outcome: 'success', child_id: lewis, details: { involvementId: lewisInvolvement } },
        { action: 'child.read', outcome: 'success', child_id: lewis, details: expect.anything() },
      ]);
      const endsOn = async () => (await testApp.dataSource.query<{ endsOn: string | null }[]>(`SELECT ends_on AS "endsOn" FROM involvements WHERE id = $1`, [lewisInvolvement]))[0].endsOn;
      const before = await endsOn();
      for (const [method, status] of [['get', 404], ['post', 404]] as const) {
        const otherId = `other-team-${method}-${Date.now()}`;
        const response =
          method === 'get'
            ? await request(testApp.baseUrl).get(`/admin/children/${isla}/team/${lewisInvolvement}/end`).set('Cookie', adminCookie).set(correlation(otherId))
            : await request(testApp.baseUrl)
                .post(`/admin/children/${isla}/team/${lewisInvolvement}/end`)
                .set('Cookie', adminCookie)
                .set(correlation(otherId))
                .type('form')
                .send({ 'endsOn-day': '1', 'endsOn-month': '12', 'endsOn-year': '2026', _csrf: await formTokenOf(testApp, adminCookie) });
        expect({ method, status: response.status }).toEqual({ method, status });
        expect(response.text).toContain('Page not found');
        expect((await eventsOf(otherId)).map(({ action, outcome, child_id, details }) => ({ action, outcome, child_id, reason: details.reason }))).toEqual([
          { action: method === 'get' ? 'team.read' : 'team.end', outcome: 'denied', child_id: isla, reason: 'involvement-not-found' },
        ]);
      }
      // Nor was Lewis's involvement ended through Isla's address.
      expect(await endsOn()).toBe(before);
    });

    it('an audit log page link the log did not write (mangled in an email) is out of date, in plain words, with the way back to the search', async () => {
      const response = await asDpo('/dpo/audit?outcome=denied&cursor=garbage', `bad-cursor-${Date.now()}`);
      expect(response.status).toBe(400);
      expect(response.text).toContain('<a href="#filters">The page link is out of date: start the search again</a>');
      expect(response.text).toContain('<a class="govuk-link" href="/dpo/audit?outcome=denied">Start the search again from the newest events</a>');
      expect(response.text).not.toMatch(/nextCursor|Cursor must/);
    });

    it('the audit log with every filter wrong: every problem at once, each in plain words, 400, and nothing read', async () => {
      const pageId = `bad-audit-filters-${Date.now()}`;
      const response = await asDpo('/dpo/audit?childId=not-a-uuid&actor=two%20words&agency=ZZZ&action=X!&purpose=y&outcome=z&breakGlass=q&from-day=40&from-month=1&from-year=2025', pageId);
      expect(response.status).toBe(400);
      const listed = [...response.text.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].map(([, href, text]) => [href, text]);
      expect(listed).toEqual([
        ['#childId', 'Enter a child&#39;s Chronicle id as the Data protection page shows it (36 letters, digits and dashes), or leave it empty'],
        ['#actor', 'Enter a user&#39;s sign-in id as an event shows it, with no spaces, or leave it empty'],
        ['#agency', 'Choose an agency from the list'],
        ['#action', 'Choose what was done from the list'],
        ['#purpose', 'Choose a purpose from the list'],
        ['#outcome', 'Choose an outcome from the list'],
        ['#breakGlass', 'Choose from the list whether to show break-glass events'],
        ['#from-day', 'The start of the period must be a real date'],
      ]);
      expect((await eventsOf(pageId)).map(({ action }) => action).filter((action) => action !== 'notification.count')).toEqual([]);
    });

    it('ending an involvement of a child that does not exist: "not found", recorded as a refusal that names no child', async () => {
      const pageId = `end-no-child-${Date.now()}`;
      const response = await request(testApp.baseUrl).get(`/admin/children/${randomUUID()}/team/${lewisInvolvement}/end`).set('Cookie', adminCookie).set(correlation(pageId));
      expect(response.status).toBe(404);
      expect((await eventsOf(pageId)).map(({ action, outcome, child_id, details }) => ({ action, outcome, child_id, reason: details.reason }))).toEqual([
        { action: 'team.read', outcome: 'denied', child_id: null, reason: 'child-not-found' },
      ]);
    });

    it("a claim's review page reads that one claim, however many newer claims there are, audited as it", async () => {
      // Five hundred newer claims, long expired: the claim asked for is past the first 500 of the list.
      await testApp.dataSource.query(
        `INSERT INTO access_claims (child_id, practitioner_id, kind, reason, granted_at, expires_at)
         SELECT $1, $2, 'self-claimed', 'A claim to push the demo claim down the list.', now() - interval '1 day' - n * interval '1 minute', now() - interval '1 day' - n * interval '1 minute' + interval '30 seconds'
           FROM generate_series(1, 500) AS n`,
        [lewis, await practitionerId(testApp, USERS.gp)],
      );
      const pageId = `claim-${Date.now()}`;
      const response = await asDpo(`/dpo/alerts/claims/${DEMO_CLAIM}/review`, pageId);
      expect(response.status).toBe(200);
      expect(response.text).toContain('Fiona Morrison');
      expect(await eventsOf(pageId)).toEqual([{ action: 'access-alerts.read', outcome: 'success', child_id: lewis, details: { claimId: DEMO_CLAIM, claims: 1 } }]);
      const apiId = `claim-api-${Date.now()}`;
      const read = await asDpoApi(`/api/access-alerts/${DEMO_CLAIM}`, apiId);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ claimId: DEMO_CLAIM, childId: lewis });
      expect(await eventsOf(apiId)).toEqual(await eventsOf(pageId));
      const missing = `claim-missing-${Date.now()}`;
      expect((await asDpo('/dpo/alerts/claims/00000000-0000-4000-8000-000000000000/review', missing)).status).toBe(404);
      expect(await eventsOf(missing)).toEqual([]);
    });

    it("a legal hold's lift page reads that one hold, audited as it", async () => {
      const pageId = `hold-${Date.now()}`;
      expect((await asDpo(`/dpo/retention/legal-holds/${hold}/lift`, pageId)).status).toBe(200);
      expect(await eventsOf(pageId)).toEqual([{ action: 'retention.read', outcome: 'success', child_id: isla, details: { holdId: hold } }]);
      const apiId = `hold-api-${Date.now()}`;
      const read = await asDpoApi(`/api/retention/legal-holds/${hold}`, apiId);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: hold, childId: isla });
      expect(await eventsOf(apiId)).toEqual(await eventsOf(pageId));
    });

    it('who has looked at a child that does not exist: not found, page and API, recorded as a refusal and nothing else', async () => {
      const nobody = '00000000-0000-4000-8000-00000000c41d';
      for (const [path, read] of [
        [`/dpo/children/${nobody}/access`, asDpo],
        [`/dpo/children/${nobody}/access.csv`, asDpo],
        [`/api/audit/children/${nobody}/access`, asDpoApi],
      ] as const) {
        const pageId = `no-child-${Date.now()}-${path.length}`;
        const response = await read(path, pageId);
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
        expect(response.text).toContain(path.startsWith('/api/') ? 'Child not found' : 'Page not found');
        expect({ path, events: await eventsOf(pageId) }).toEqual({ path, events: [{ action: 'audit.report.child-access', outcome: 'denied', child_id: null, details: { reason: 'child-not-found' } }] });
      }
    });
  });

  const correlation = (id: string) => ({ 'x-correlation-id': id });

  /** What a request (by its correlation id) left in the audit trail, but the page header's count of notifications. */
  async function eventsOf(correlationId: string): Promise<{ action: string; outcome: string; child_id: string | null; details: Record<string, unknown> }[]> {
    return testApp.dataSource.query(
      `SELECT action, outcome, child_id, details FROM audit.events WHERE correlation_id = $1 AND action <> 'notification.count' ORDER BY occurred_at, id`,
      [correlationId],
    );
  }
});
