import request from 'supertest';
import { READABLE_ENTRY_FIELDS } from '../../src/access/access-policy';
import { apiFor, createChildWithTeam, expectAppendOnly, tableCounts, USERS, validEntry } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('chronology', () => {
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.gp, capacity: 'gp' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
    ]);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  describe('POST /api/children/:childId/entries', () => {
    it('requires authentication', async () => {
      await request(testApp.baseUrl).post(`/api/children/${childId}/entries`).send(validEntry()).expect(401);
    });

    it('records an entry as the caller and their agency, and it appears in the merged chronology', async () => {
      const healthVisitor = apiFor(testApp, USERS.healthVisitor);
      const before = Date.now();
      const created = await healthVisitor.post(`/api/children/${childId}/entries`, validEntry({ significant: true, childView: '"I like the scales."' }));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        childId,
        status: 'current',
        version: 1,
        eventDate: '2026-03-04',
        eventDateDisplay: '4 Mar 2026',
        datePrecision: 'day',
        childAgeAtEvent: 6,
        eventType: { code: 'health-assessment' },
        significant: true,
        childView: '"I like the scales."',
        source: { agency: { code: 'nhs-lanarkshire', type: 'health' }, author: { name: 'Helen Hughes', jobTitle: 'Health visitor' } },
        lastChange: { change: 'created', reason: null, by: 'Helen Hughes' },
      });
      const recordedAt = Date.parse(created.body.recordedAt);
      expect(recordedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(recordedAt).toBeLessThanOrEqual(Date.now() + 1000);

      const chronology = await apiFor(testApp, USERS.police).get(`/api/children/${childId}/chronology`);
      expect(chronology.status).toBe(200);
      expect(chronology.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
    });

    it('audits the write in the same transaction as the entry', async () => {
      const created = await apiFor(testApp, USERS.gp).post(`/api/children/${childId}/entries`, validEntry({ summary: 'GP appointment attended with mother.' }));
      expect(created.status).toBe(201);
      const audit = await testApp.dataSource.query<{ actor_subject: string; child_id: string }[]>(
        `SELECT actor_subject, child_id FROM audit.events WHERE action = 'entry.create' AND $1 = ANY(entry_ids)`,
        [created.body.id],
      );
      expect(audit).toEqual([{ actor_subject: USERS.gp, child_id: childId }]);
    });

    const badBodies: [string, Record<string, unknown>, string][] = [
      ['an unknown field', validEntry({ colour: 'blue' }), 'colour'],
      ['a source agency in the body', validEntry({ sourceAgencyId: '00000000-0000-4000-8000-000000000000' }), 'sourceAgencyId'],
      ['an author in the body', validEntry({ author: 'someone else' }), 'author'],
      ['an event date in the future', validEntry({ eventDate: '2999-01-01' }), 'eventDate'],
      ['an impossible date', validEntry({ eventDate: '2025-02-30' }), 'eventDate'],
      ['an end date before the start', validEntry({ eventDate: '2025-05-01', eventEndDate: '2025-04-01' }), 'eventEndDate'],
      ['an unknown event type', validEntry({ eventType: 'alien-abduction' }), 'eventType'],
      ['no summary', validEntry({ summary: undefined }), 'summary'],
      ['a blank summary', validEntry({ summary: '   ' }), 'summary'],
      ['a summary with a NUL character', validEntry({ summary: 'abc\u0000def' }), 'summary'],
      ['a right-to-left override', validEntry({ summary: 'abc\u202Edef' }), 'summary'],
      ['neither action nor reason for none', validEntry({ actionTaken: undefined }), 'actionTaken'],
      ['both action and reason for none', validEntry({ noActionReason: 'none needed' }), 'noActionReason'],
      ['a wrong type', validEntry({ significant: 'yes' }), 'significant'],
      ['an unknown sensitivity', validEntry({ sensitivity: 'top-secret' }), 'sensitivity'],
      ['an unknown wellbeing indicator', validEntry({ wellbeingIndicators: ['happy'] }), 'wellbeingIndicators'],
      ['an over-long summary', validEntry({ summary: 'x'.repeat(501) }), 'summary'],
    ];

    it.each(badBodies)('rejects %s with 400 VALIDATION_FAILED naming the field, and changes nothing', async (_name, body, field) => {
      const before = await tableCounts(testApp);
      const response = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(response.body.details)).toContain(field);
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
      const before = await tableCounts(testApp);
      const response = await request(testApp.baseUrl)
        .post(`/api/children/${childId}/entries`)
        .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.healthVisitor)}`)
        .set('Content-Type', 'application/json')
        .send('{"eventDate": "2025-01-01", ');
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('MALFORMED_JSON');
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it.each([
      ['a JSON array', '[]', 'VALIDATION_FAILED'],
      ['JSON null', 'null', 'MALFORMED_JSON'],
      ['a bare string', '"entry"', 'MALFORMED_JSON'],
      ['a __proto__ key', '{"__proto__": {"polluted": true}, "summary": "x"}', 'MALFORMED_JSON'],
    ])('rejects a body that is %s with 400 and changes nothing', async (_name, raw, code) => {
      const before = await tableCounts(testApp);
      const response = await request(testApp.baseUrl)
        .post(`/api/children/${childId}/entries`)
        .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.healthVisitor)}`)
        .set('Content-Type', 'application/json')
        .send(raw);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe(code);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it.each([
      ['Devanagari', 'ह'],
      ['an emoji with a variation selector (counted as one character, 18 bytes escaped)', '😀\uFE0F'],
    ])('takes an entry with every text field at its limit in %s, sent as JSON escaping all beyond ASCII', async (_name, character) => {
      // EntryContentDto's MaxLength of each text field: within them an entry is never too large, whatever its script or its JSON's escaping.
      const limits = { summary: 500, detail: 10_000, impactOnChild: 4000, actionTaken: 4000, outcome: 4000, professionalAnalysis: 10_000, childView: 4000, sourceReference: 200, lawfulBasis: 500 };
      const entry = validEntry(Object.fromEntries(Object.entries(limits).map(([field, length]) => [field, character.repeat(length)])));
      const json = JSON.stringify(entry).replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
      const response = await request(testApp.baseUrl)
        .post(`/api/children/${childId}/entries`)
        .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.healthVisitor)}`)
        .set('Content-Type', 'application/json')
        .send(json);
      expect({ status: response.status, problems: response.body.details }).toEqual({ status: 201, problems: undefined });
      const saved = (await apiFor(testApp, USERS.healthVisitor).get(`/api/entries/${response.body.id}`)).body;
      for (const [field, length] of Object.entries(limits)) expect(saved[field]).toBe(character.repeat(length));
    });

    it('rejects an oversize body with 413 PAYLOAD_TOO_LARGE', async () => {
      const before = await tableCounts(testApp);
      const response = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ detail: 'x'.repeat(2 * 1024 * 1024) }));
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it('rejects a non-UUID child id with 400', async () => {
      const response = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/..%2F..%2Fetc/entries`, validEntry());
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    it('answers 404 for a child the caller is not involved with, exactly as for one that does not exist', async () => {
      const otherChild = await createChildWithTeam(testApp, [{ username: USERS.socialWorker, capacity: 'allocated-social-worker' }]);
      const teacher = apiFor(testApp, USERS.teacher);
      const unrelated = await teacher.post(`/api/children/${otherChild}/entries`, validEntry());
      const missing = await teacher.post(`/api/children/0f0e0d0c-0b0a-4908-8706-050403020100/entries`, validEntry());
      expect(unrelated.status).toBe(404);
      expect(missing.status).toBe(404);
      expect({ ...unrelated.body, correlationId: undefined }).toEqual({ ...missing.body, correlationId: undefined });
    });

    it('does not let an administrator or a data protection officer write case content', async () => {
      expect((await apiFor(testApp, USERS.admin).post(`/api/children/${childId}/entries`, validEntry())).status).toBe(403);
      expect((await apiFor(testApp, USERS.dpo).post(`/api/children/${childId}/entries`, validEntry())).status).toBe(404);
    });
  });

  describe('GET /api/children/:childId/chronology', () => {
    let filterChild: string;

    beforeAll(async () => {
      filterChild = await createChildWithTeam(testApp, [
        { username: USERS.healthVisitor, capacity: 'health-visitor' },
        { username: USERS.police, capacity: 'police-contact' },
      ]);
      const healthVisitor = apiFor(testApp, USERS.healthVisitor);
      const police = apiFor(testApp, USERS.police);
      const entries: [typeof healthVisitor, Record<string, unknown>][] = [
        [healthVisitor, validEntry({ eventDate: '2025-06-10', summary: 'June visit' })],
        [police, validEntry({ eventDate: '2025-02-01', eventType: 'concern-raised', summary: 'February concern', significant: true, wellbeingIndicators: ['safe', 'nurtured'] })],
        [healthVisitor, validEntry({ eventDate: '2025-09-20', summary: 'September visit', significant: true })],
        [police, validEntry({ eventDate: '2025-04-01', datePrecision: 'month', eventType: 'concern-raised', summary: 'April concern' })],
        [healthVisitor, validEntry({ eventDate: '2025-06-10', eventTime: '09:00', summary: 'June morning visit' })],
      ];
      for (const [api, body] of entries) {
        const response = await api.post(`/api/children/${filterChild}/entries`, body);
        if (response.status !== 201) throw new Error(JSON.stringify(response.body));
      }
    });

    const summaries = (body: { items: { summary: string }[] }): string[] => body.items.map((item) => item.summary);

    it('requires authentication', async () => {
      await request(testApp.baseUrl).get(`/api/children/${filterChild}/chronology`).expect(401);
    });

    it('merges every agency in event-date order, then time within the day', async () => {
      const response = await apiFor(testApp, USERS.healthVisitor).get(`/api/children/${filterChild}/chronology`);
      expect(response.status).toBe(200);
      expect(summaries(response.body)).toEqual(['February concern', 'April concern', 'June visit', 'June morning visit', 'September visit']);
      expect(response.body.total).toBe(5);
      expect(response.body.items[1].eventDateDisplay).toBe('Apr 2025');
    });

    it('filters by agency, event type, significance and date range', async () => {
      const api = apiFor(testApp, USERS.healthVisitor);
      const base = `/api/children/${filterChild}/chronology`;
      expect(summaries((await api.get(`${base}?agency=police-scotland`)).body)).toEqual(['February concern', 'April concern']);
      expect(summaries((await api.get(`${base}?eventType=health-assessment`)).body)).toEqual(['June visit', 'June morning visit', 'September visit']);
      expect(summaries((await api.get(`${base}?significant=true`)).body)).toEqual(['February concern', 'September visit']);
      expect(summaries((await api.get(`${base}?from=2025-03-01&to=2025-06-30`)).body)).toEqual(['April concern', 'June visit', 'June morning visit']);
    });

    it('filters by wellbeing indicator: entries recorded against any of those given', async () => {
      const api = apiFor(testApp, USERS.healthVisitor);
      const base = `/api/children/${filterChild}/chronology`;
      expect(summaries((await api.get(`${base}?wellbeingIndicator=nurtured`)).body)).toEqual(['February concern']);
      expect(summaries((await api.get(`${base}?wellbeingIndicator=safe,included`)).body)).toEqual(['February concern']);
      expect(summaries((await api.get(`${base}?wellbeingIndicator=healthy&wellbeingIndicator=safe`)).body)).toHaveLength(5);
      expect(summaries((await api.get(`${base}?wellbeingIndicator=achieving`)).body)).toEqual([]);
    });

    it('refuses an unknown wellbeing indicator with 400 naming the valid ones', async () => {
      const response = await apiFor(testApp, USERS.healthVisitor).get(`/api/children/${filterChild}/chronology?wellbeingIndicator=safe,happy`);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        { field: 'wellbeingIndicator', problem: 'wellbeingIndicator must list wellbeing indicators, each one of: safe, healthy, achieving, nurtured, active, respected, responsible, included' },
      ]);
    });

    it('paginates', async () => {
      const api = apiFor(testApp, USERS.healthVisitor);
      const second = await api.get(`/api/children/${filterChild}/chronology?page=2&pageSize=2`);
      expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: 5 });
      expect(summaries(second.body)).toEqual(['June visit', 'June morning visit']);
      const pastTheEnd = await api.get(`/api/children/${filterChild}/chronology?page=9&pageSize=2`);
      expect(pastTheEnd.body).toMatchObject({ page: 9, total: 5, items: [] });
      const filtered = await api.get(`/api/children/${filterChild}/chronology?pageSize=1&agency=police-scotland`);
      expect(filtered.body).toMatchObject({ total: 2 });
    });

    it('puts its pages together into the chronology read whole, in the same order', async () => {
      const api = apiFor(testApp, USERS.healthVisitor);
      const ids = (body: { items: { id: string }[] }): string[] => body.items.map((item) => item.id);
      // Small pages and a whole read (2,000 a page) are read by different statements (entry-sql.ts): they must agree.
      const whole = await api.get(`/api/children/${filterChild}/chronology?pageSize=2000`);
      expect(whole.body).toMatchObject({ total: 5 });
      const pages = [];
      for (const page of [1, 2, 3]) pages.push(...ids((await api.get(`/api/children/${filterChild}/chronology?page=${page}&pageSize=2`)).body));
      expect(ids(whole.body)).toHaveLength(5);
      expect(pages).toEqual(ids(whole.body));
    });

    it.each([
      ['from=2025-13-01', 'from'],
      ['significant=maybe', 'significant'],
      ['pageSize=2001', 'pageSize'],
      ['page=0', 'page'],
      ['page=99999999999999999999', 'page'],
      ['page=1&page=2', 'page'],
      ['page=1e3', 'page'],
      ['page=%20', 'page'],
      ['pageSize=0x10', 'pageSize'],
      ['agency=DROP%20TABLE', 'agency'],
      ['wellbeingIndicator=happy', 'wellbeingIndicator'],
      ['unknownFilter=1', 'unknownFilter'],
    ])('rejects the bad query %s with 400', async (query, field) => {
      const response = await apiFor(testApp, USERS.healthVisitor).get(`/api/children/${filterChild}/chronology?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(response.body.details)).toContain(field);
    });

    it('reads a page number only as digits, and says so in words', async () => {
      const response = await apiFor(testApp, USERS.healthVisitor).get(`/api/children/${filterChild}/chronology?page=1e3&pageSize=%20`);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        { field: 'page', problem: 'page must be a whole number, in digits' },
        { field: 'pageSize', problem: 'pageSize must be a whole number, in digits' },
      ]);
    });

    it('audits the read with the ids of the entries returned', async () => {
      const response = await apiFor(testApp, USERS.police).get(`/api/children/${filterChild}/chronology?pageSize=3`);
      const [audit] = await testApp.dataSource.query<
        { entry_ids: string[]; fields: string[]; actor_subject: string; relationship: string; purpose: string; details: Record<string, unknown> }[]
      >(
        `SELECT entry_ids, fields, actor_subject, relationship, purpose, details FROM audit.events WHERE action = 'chronology.read' AND correlation_id = $1`,
        [response.headers['x-correlation-id']],
      );
      const items: { id: string; summary: string; source: { agency: { code: string } } }[] = response.body.items;
      const police = items.filter((item) => item.source.agency.code === 'police-scotland').map((item) => item.id);
      const health = items.filter((item) => item.source.agency.code === 'nhs-lanarkshire').map((item) => item.id);
      expect([police.length, health.length]).toEqual([2, 1]);
      expect(audit).toMatchObject({ actor_subject: USERS.police, relationship: 'involved', purpose: 'case-work' });
      // Grouped by what was read: the police's own entries whole, the health visitor's without NHS Lanarkshire's own record fields.
      expect(audit.entry_ids).toEqual([...police, ...health]);
      const everything = [...READABLE_ENTRY_FIELDS];
      const withoutAgencyRecord = everything.filter((field) => field !== 'professionalAnalysis' && field !== 'sourceReference');
      expect(audit.details).toEqual({
        filters: {},
        page: 1,
        pageSize: 3,
        total: 5,
        withheld: 0,
        fieldSets: [
          { fields: everything, entries: 2 },
          { fields: withoutAgencyRecord, entries: 1 },
        ],
      });
      expect([...audit.fields].sort()).toEqual([...everything].sort());
    });

    it('is closed to administrators (no case content) and to practitioners not on the team', async () => {
      expect((await apiFor(testApp, USERS.admin).get(`/api/children/${filterChild}/chronology`)).status).toBe(403);
      expect((await apiFor(testApp, USERS.mentor).get(`/api/children/${filterChild}/chronology`)).status).toBe(404);
    });
  });

  describe('amendments and entries entered in error', () => {
    let entryId: string;

    beforeEach(async () => {
      const created = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ summary: 'Original summary' }));
      entryId = created.body.id;
    });

    it('creates a new version with a reason; the chronology shows it and the history keeps both', async () => {
      const healthVisitor = apiFor(testApp, USERS.healthVisitor);
      const amended = await healthVisitor.post(`/api/entries/${entryId}/amendments`, {
        reason: 'Weight was recorded in the wrong units',
        baseVersion: 1,
        changes: { summary: 'Corrected summary', outcome: 'Weight within expected range' },
      });
      expect(amended.status).toBe(201);
      expect(amended.body).toMatchObject({
        status: 'amended',
        version: 2,
        summary: 'Corrected summary',
        outcome: 'Weight within expected range',
        lastChange: { change: 'amended', reason: 'Weight was recorded in the wrong units', by: 'Helen Hughes' },
      });

      const chronology = await healthVisitor.get(`/api/children/${childId}/chronology?pageSize=500`);
      const shown = chronology.body.items.find((item: { id: string }) => item.id === entryId);
      expect(shown).toMatchObject({ version: 2, summary: 'Corrected summary' });

      const history = await healthVisitor.get(`/api/entries/${entryId}/history`);
      expect(history.status).toBe(200);
      expect(history.body.versions.map((version: { version: number; summary: string }) => [version.version, version.summary])).toEqual([
        [1, 'Original summary'],
        [2, 'Corrected summary'],
      ]);
    });

    it('lets the source agency only amend; another agency gets 403 and nothing changes', async () => {
      const before = await tableCounts(testApp);
      const response = await apiFor(testApp, USERS.police).post(`/api/entries/${entryId}/amendments`, { reason: 'I disagree', changes: { summary: 'Police version' } });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it('lets a colleague from the same agency amend', async () => {
      const response = await apiFor(testApp, USERS.gp).post(`/api/entries/${entryId}/amendments`, { reason: 'Added outcome', changes: { outcome: 'Reviewed by GP' } });
      expect(response.status).toBe(201);
      expect(response.body.lastChange.by).toBe('Dr Chidi Okafor');
      expect(response.body.source.author.name).toBe('Helen Hughes');
    });

    it.each([
      ['a stale base version', { reason: 'x', baseVersion: 7, changes: { summary: 'y' } }, 409, 'STALE_VERSION'],
      ['no reason', { changes: { summary: 'y' } }, 400, 'VALIDATION_FAILED'],
      ['no changes', { reason: 'x', changes: { summary: 'Original summary' } }, 422, 'NO_CHANGES'],
      ['clearing a required field', { reason: 'x', changes: { summary: null } }, 400, 'VALIDATION_FAILED'],
      ['an unknown field in changes', { reason: 'x', changes: { author: 'me' } }, 400, 'VALIDATION_FAILED'],
      ['changes that are an array', { reason: 'x', changes: [] }, 400, 'VALIDATION_FAILED'],
      ['changes that are null', { reason: 'x', changes: null }, 400, 'VALIDATION_FAILED'],
      ['an absurd base version', { reason: 'x', baseVersion: 1e300, changes: { summary: 'y' } }, 400, 'VALIDATION_FAILED'],
      ['an unknown event type', { reason: 'x', changes: { eventType: 'nope' } }, 400, 'VALIDATION_FAILED'],
      ['a future date', { reason: 'x', changes: { eventDate: '2999-01-01' } }, 400, 'VALIDATION_FAILED'],
    ])('rejects an amendment with %s and changes nothing', async (_name, body, status, code) => {
      const before = await tableCounts(testApp);
      const response = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/amendments`, body);
      expect(response.status).toBe(status);
      expect(response.body.code).toBe(code);
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it('marks an entry entered in error: hidden from the chronology by default, kept in history, frozen', async () => {
      const healthVisitor = apiFor(testApp, USERS.healthVisitor);
      const marked = await healthVisitor.post(`/api/entries/${entryId}/entered-in-error`, { reason: 'Recorded against the wrong child' });
      expect(marked.status).toBe(201);
      expect(marked.body).toMatchObject({ status: 'entered-in-error', version: 2, lastChange: { change: 'entered-in-error', reason: 'Recorded against the wrong child' } });

      const ids = async (query: string): Promise<string[]> =>
        (await healthVisitor.get(`/api/children/${childId}/chronology?pageSize=500${query}`)).body.items.map((item: { id: string }) => item.id);
      expect(await ids('')).not.toContain(entryId);
      expect(await ids('&includeEnteredInError=true')).toContain(entryId);

      const again = await healthVisitor.post(`/api/entries/${entryId}/amendments`, { reason: 'x', changes: { summary: 'y' } });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ENTRY_ENTERED_IN_ERROR');
      expect((await healthVisitor.get(`/api/entries/${entryId}/history`)).body.versions).toHaveLength(2);
    });

    it('serialises concurrent amendments into consecutive versions', async () => {
      const healthVisitor = apiFor(testApp, USERS.healthVisitor);
      const responses = await Promise.all(
        [1, 2, 3, 4].map((n) => healthVisitor.post(`/api/entries/${entryId}/amendments`, { reason: `Amendment ${n}`, changes: { outcome: `Outcome ${n}` } })),
      );
      expect(responses.map((response: { status: number }) => response.status)).toEqual([201, 201, 201, 201]);
      const history = await healthVisitor.get(`/api/entries/${entryId}/history`);
      expect(history.body.versions.map((version: { version: number }) => version.version)).toEqual([1, 2, 3, 4, 5]);
    });

    it('keeps versions immutable even against direct SQL', async () => {
      await expectAppendOnly(testApp, `UPDATE chronology_entry_versions SET summary = 'rewritten' WHERE entry_id = $1`, [entryId]);
      await expectAppendOnly(testApp, `DELETE FROM chronology_entry_versions WHERE entry_id = $1`, [entryId]);
    });
  });

  describe('GET /api/event-types', () => {
    it('lists the configured taxonomy', async () => {
      const response = await apiFor(testApp, USERS.teacher).get('/api/event-types');
      expect(response.status).toBe(200);
      expect(response.body).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'health-assessment' }), expect.objectContaining({ code: 'concern-raised' })]));
    });
  });
});
