import request from 'supertest';
import { apiFor, practitionerId, tableCounts, USERS } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('children and the team around the child', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const newChild = (overrides: Record<string, unknown> = {}) => ({
    givenName: 'Ailsa',
    familyName: 'Drummond',
    dateOfBirth: '2018-02-11',
    identifiers: [
      { scheme: 'chi', value: '110218 4321' },
      { scheme: 'scn', value: '123456789' },
    ],
    ...overrides,
  });

  describe('POST /api/children', () => {
    it('requires authentication', async () => {
      await request(testApp.baseUrl).post('/api/children').send(newChild()).expect(401);
    });

    it('lets an administrator register a child, normalising identifiers', async () => {
      const response = await apiFor(testApp, USERS.admin).post('/api/children', newChild());
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        givenName: 'Ailsa',
        familyName: 'Drummond',
        dateOfBirth: '2018-02-11',
        identifiers: [
          { scheme: 'chi', value: '1102184321' },
          { scheme: 'scn', value: '123456789' },
        ],
      });
    });

    it('refuses a practitioner with 403 and changes nothing', async () => {
      const before = await tableCounts(testApp);
      const response = await apiFor(testApp, USERS.socialWorker).post('/api/children', newChild({ identifiers: [] }));
      expect(response.status).toBe(403);
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it('refuses an identifier already in use with 409 and changes nothing', async () => {
      const admin = apiFor(testApp, USERS.admin);
      await admin.post('/api/children', newChild({ identifiers: [{ scheme: 'nhs', value: '9434765919' }] }));
      const before = await tableCounts(testApp);
      const response = await admin.post('/api/children', newChild({ givenName: 'Other', identifiers: [{ scheme: 'nhs', value: '943 476 5919' }] }));
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('IDENTIFIER_IN_USE');
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it.each([
      ['a future date of birth', { dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
      ['an impossible date of birth', { dateOfBirth: '2020-02-30' }, 'dateOfBirth'],
      ['a malformed CHI number', { identifiers: [{ scheme: 'chi', value: '12345' }] }, 'identifiers.0.value'],
      ['an unknown identifier scheme', { identifiers: [{ scheme: 'passport', value: '12345' }] }, 'scheme'],
      ['an unknown field', { favouriteColour: 'green' }, 'favouriteColour'],
      ['no family name', { familyName: undefined }, 'familyName'],
      ['a name that is a number', { givenName: 42 }, 'givenName'],
    ])('rejects %s with 400 and changes nothing', async (_name, overrides, field) => {
      const before = await tableCounts(testApp);
      const response = await apiFor(testApp, USERS.admin).post('/api/children', newChild(overrides));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(response.body.details)).toContain(field);
      expect(await tableCounts(testApp)).toEqual(before);
    });
  });

  describe('team, search and reading a child', () => {
    let childId: string;

    beforeAll(async () => {
      const admin = apiFor(testApp, USERS.admin);
      const created = await admin.post('/api/children', newChild({ givenName: 'Rory', familyName: 'Baxter', dateOfBirth: '2015-09-30', identifiers: [{ scheme: 'police-ref', value: 'ps-2025-0099' }] }));
      childId = created.body.id;
    });

    it('hides the child from a practitioner who is not on the team, as if it did not exist', async () => {
      const mentor = apiFor(testApp, USERS.mentor);
      const hidden = await mentor.get(`/api/children/${childId}`);
      const absent = await mentor.get('/api/children/0f0e0d0c-0b0a-4908-8706-050403020100');
      expect(hidden.status).toBe(404);
      expect(absent.status).toBe(404);
      expect(hidden.body.message).toBe(absent.body.message);
      expect((await mentor.get('/api/children?name=Baxter')).body).toEqual([]);
    });

    it('lets an administrator build the team, after which the practitioner can find and read the child', async () => {
      const admin = apiFor(testApp, USERS.admin);
      const added = await admin.post(`/api/children/${childId}/team`, {
        practitionerId: await practitionerId(testApp, USERS.mentor),
        capacity: 'mentor',
        startsOn: '2025-09-01',
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ capacity: 'mentor', startsOn: '2025-09-01', endsOn: null, current: true, practitioner: { name: 'Samir Ali' } });

      const mentor = apiFor(testApp, USERS.mentor);
      expect((await mentor.get(`/api/children/${childId}`)).body).toMatchObject({ givenName: 'Rory', familyName: 'Baxter' });
      const byName = await mentor.get('/api/children?name=rory%20bax');
      expect(byName.body.map((child: { id: string }) => child.id)).toEqual([childId]);
      const byDob = await mentor.get('/api/children?dateOfBirth=2015-09-30');
      expect(byDob.body.map((child: { id: string }) => child.id)).toEqual([childId]);
      const byIdentifier = await mentor.get('/api/children?identifier=PS-2025-0099');
      expect(byIdentifier.body.map((child: { id: string }) => child.id)).toEqual([childId]);
      // Each search is audited with the criteria given, and only those.
      const searches = await testApp.dataSource.query<{ details: { criteria: string[]; resultChildIds: string[] } }[]>(
        `SELECT details FROM audit.events WHERE action = 'child.search' AND correlation_id = ANY($1) ORDER BY id`,
        [[byName, byDob, byIdentifier].map((response) => response.headers['x-correlation-id'])],
      );
      expect(searches.map(({ details }) => details)).toEqual(['name', 'dateOfBirth', 'identifier'].map((criterion) => ({ criteria: [criterion], resultChildIds: [childId] })));

      const team = await mentor.get(`/api/children/${childId}/team`);
      expect(team.status).toBe(200);
      expect(team.body).toEqual([expect.objectContaining({ capacity: 'mentor', practitioner: expect.objectContaining({ agency: expect.objectContaining({ type: 'third-sector' }) }) })]);
    });

    it('refuses a search by an identifier no child could have, and takes scheme:value', async () => {
      const mentor = apiFor(testApp, USERS.mentor);
      for (const identifier of ['xyz', 'chi:PS-2025-0099', 'passport:PS-2025-0099', 'PS 2025 0099!']) {
        const refused = await mentor.get(`/api/children?identifier=${encodeURIComponent(identifier)}`);
        expect([identifier, refused.status, refused.body.code]).toEqual([identifier, 400, 'VALIDATION_FAILED']);
        expect(refused.body.details).toEqual([{ field: 'identifier', problem: expect.stringMatching(/^identifier must be a CHI or NHS number .* scheme:value/) }]);
      }
      const byScheme = await mentor.get('/api/children?identifier=police-ref:ps-2025-0099');
      expect(byScheme.body.map((child: { id: string }) => child.id)).toEqual([childId]);
      // A well-formed identifier no child the caller may see has: nobody, as for any search.
      expect((await mentor.get('/api/children?identifier=PS-2025-0100')).body).toEqual([]);
    });

    it("refuses a list of practitioners for an agency that does not exist, naming the agencies", async () => {
      const refused = await apiFor(testApp, USERS.admin).get('/api/practitioners?agency=nope');
      expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(refused.body.details).toEqual([{ field: 'agency', problem: expect.stringContaining('no such agency: nope') }]);
    });

    it('ends an involvement on a date; afterwards the practitioner no longer sees the child', async () => {
      const admin = apiFor(testApp, USERS.admin);
      const added = await admin.post(`/api/children/${childId}/team`, {
        practitionerId: await practitionerId(testApp, USERS.police),
        capacity: 'police-contact',
        startsOn: '2025-01-01',
      });
      const police = apiFor(testApp, USERS.police);
      expect((await police.get(`/api/children/${childId}`)).status).toBe(200);
      const ended = await admin.post(`/api/children/${childId}/team/${added.body.id}/end`, { endsOn: '2025-12-31' });
      expect(ended.status).toBe(201);
      expect(ended.body).toMatchObject({ endsOn: '2025-12-31', current: false });
      expect((await police.get(`/api/children/${childId}`)).status).toBe(404);
      expect((await police.get(`/api/children/${childId}/chronology`)).status).toBe(404);
    });

    it('refuses team changes by practitioners and bad team input', async () => {
      const mentor = apiFor(testApp, USERS.mentor);
      const practitioner = await practitionerId(testApp, USERS.teacher);
      expect((await mentor.post(`/api/children/${childId}/team`, { practitionerId: practitioner, capacity: 'mentor', startsOn: '2025-01-01' })).status).toBe(403);
      const admin = apiFor(testApp, USERS.admin);
      const before = await tableCounts(testApp);
      const cases = [
        { practitionerId: practitioner, capacity: 'best-friend', startsOn: '2025-01-01' },
        { practitionerId: practitioner, capacity: 'mentor', startsOn: '2025-06-01', endsOn: '2025-01-01' },
        { practitionerId: '0f0e0d0c-0b0a-4908-8706-050403020100', capacity: 'mentor', startsOn: '2025-01-01' },
        { practitionerId: 'not-a-uuid', capacity: 'mentor', startsOn: '2025-01-01' },
      ];
      for (const body of cases) {
        const response = await admin.post(`/api/children/${childId}/team`, body);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it('lists the children a practitioner works with when no criterion is given', async () => {
      const response = await apiFor(testApp, USERS.mentor).get('/api/children?limit=100');
      expect(response.status).toBe(200);
      expect(response.body.map((child: { id: string }) => child.id)).toContain(childId);
      const [{ count }] = await testApp.dataSource.query<{ count: number }[]>(
        `SELECT count(DISTINCT child_id)::int AS count FROM involvements i JOIN practitioners p ON p.id = i.practitioner_id
          WHERE p.subject = $1 AND i.starts_on <= current_date AND (i.ends_on IS NULL OR i.ends_on >= current_date)`,
        [USERS.mentor],
      );
      expect(response.body).toHaveLength(count);
    });
  });

  describe('demo data', () => {
    it('holds five agencies, three children and at least 30 entries across all agencies', async () => {
      const [{ agencies, children, entries, sources }] = await testApp.dataSource.query(
        `SELECT (SELECT count(*)::int FROM agencies) AS agencies,
                (SELECT count(*)::int FROM children WHERE family_name NOT IN ('Drummond', 'Baxter')) AS children,
                (SELECT count(*)::int FROM chronology_entries) AS entries,
                (SELECT count(DISTINCT source_agency_id)::int FROM chronology_entries) AS sources`,
      );
      expect(agencies).toBe(5);
      expect(children).toBe(3);
      expect(entries).toBeGreaterThanOrEqual(30);
      expect(sources).toBe(5);
    });
  });
});
