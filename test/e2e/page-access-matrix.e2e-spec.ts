import request from 'supertest';
import { apiFor, practitionerId, USERS } from '../support/fixtures';
import { formTokenOf, signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';
import { displayDate } from '../../src/chronology/date-display';

/**
 * The canary matrix, for pages: every value that could leak (the child's names and identifiers,
 * each entry's text fields and dates) is a unique string, and for every demo role, in each
 * relationship to the child, each page must hold exactly the canaries the API reads it mirrors
 * return to the same user; no more, no fewer. The API's own matrix (access-matrix.e2e-spec.ts)
 * says what that is; this says the pages add nothing and drop nothing.
 */

type Relationship = 'involved' | 'self-claimed' | 'emergency' | 'none';

const READERS: { username: string; relationship: Relationship }[] = [
  { username: USERS.healthVisitor, relationship: 'involved' },
  { username: USERS.teacher, relationship: 'involved' },
  { username: USERS.police, relationship: 'involved' },
  { username: USERS.socialWorker, relationship: 'involved' },
  { username: USERS.reviewingOfficer, relationship: 'involved' },
  { username: USERS.mentor, relationship: 'involved' },
  { username: USERS.gp, relationship: 'self-claimed' },
  { username: USERS.headTeacher, relationship: 'emergency' },
  { username: USERS.teamManager, relationship: 'none' },
  { username: USERS.dpo, relationship: 'none' },
  { username: USERS.admin, relationship: 'none' },
];

const AGENCIES = ['nhs-lanarkshire', 'calderbank-community-school', 'police-scotland', 'north-lanarkshire-social-work', 'brighter-paths-mentoring'];
const AUTHORS = [USERS.healthVisitor, USERS.teacher, USERS.police, USERS.socialWorker, USERS.mentor];
const SENSITIVITIES = ['standard', 'sensitive', 'restricted'];
const TEXT_FIELDS = ['summary', 'detail', 'impact_on_child', 'action_taken', 'outcome', 'professional_analysis', 'child_view', 'source_reference', 'lawful_basis'];

describe('page canary matrix: each page holds exactly what the API it mirrors returns', () => {
  let testApp: TestApp;
  let childId: string;
  const canaries: string[] = [];
  const entryIds: string[] = [];

  beforeAll(async () => {
    // Every reader signs in through the browser flow, more often than the per-address sign-in limit allows,
    // and reads every entry's pages and the API's reads of them faster than the per-user limit allows.
    testApp = await startTestApp({ env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '0', RATE_LIMIT_API_PER_SECOND: '0' } });
    const admin = apiFor(testApp, USERS.admin);
    const created = await admin.post('/api/children', {
      givenName: 'Canary',
      familyName: '[[CANARY:child:familyName]]',
      knownAs: '[[CANARY:child:knownAs]]',
      dateOfBirth: '2018-02-14',
      identifiers: [
        { scheme: 'chi', value: '1402189876' },
        { scheme: 'police-ref', value: 'CANARY-REF-0042' },
      ],
    });
    expect(created.status).toBe(201);
    childId = created.body.id;
    canaries.push('[[CANARY:child:familyName]]', '[[CANARY:child:knownAs]]', '1402189876', 'CANARY-REF-0042');
    for (const reader of READERS.filter(({ relationship }) => relationship === 'involved')) {
      const added = await admin.post(`/api/children/${childId}/team`, { practitionerId: await practitionerId(testApp, reader.username), capacity: 'lead-professional', startsOn: '2025-01-01' });
      expect(added.status).toBe(201);
    }
    await seedEntries();
    for (const [username, kind] of [
      [USERS.gp, 'self-claimed'],
      [USERS.headTeacher, 'emergency'],
    ] as const) {
      expect((await apiFor(testApp, username).post('/api/access-claims', { childId, kind, reason: 'Covering for the named person during a safeguarding review.' })).status).toBe(201);
    }
  });

  afterAll(async () => {
    await testApp?.close();
  });

  /** One entry per agency and sensitivity, every text field and the date unique to it. */
  async function seedEntries(): Promise<void> {
    let day = 1;
    for (const [index, agencyCode] of AGENCIES.entries()) {
      const author = await practitionerId(testApp, AUTHORS[index]);
      for (const sensitivity of SENSITIVITIES) {
        const eventDate = `2025-04-${String(day++).padStart(2, '0')}`;
        const text = (field: string) => `[[CANARY:${agencyCode}:${sensitivity}:${field}]]`;
        canaries.push(displayDate(eventDate, 'day'), ...TEXT_FIELDS.map(text));
        const [{ id }] = await testApp.dataSource.query<{ id: string }[]>(
          `INSERT INTO chronology_entries (child_id, source_agency_id, author_id, recorded_at, status, current_version)
           VALUES ($1, (SELECT id FROM agencies WHERE code = $2), $3, now(), 'current', 1) RETURNING id`,
          [childId, agencyCode, author],
        );
        entryIds.push(id);
        await testApp.dataSource.query(
          `INSERT INTO chronology_entry_versions (entry_id, version_number, change, changed_by_id, changed_at, event_date, date_precision, event_type,
             wellbeing_indicators, significant, nature, information_source, sensitivity, names_third_parties, ${TEXT_FIELDS.join(', ')})
           VALUES ($1, 1, 'created', $2, now(), $3, 'day', 'concern-raised', '{safe}', true, 'negative', 'first-hand', $4, false, ${TEXT_FIELDS.map((_, i) => `$${i + 5}`).join(', ')})`,
          [id, author, eventDate, sensitivity, ...TEXT_FIELDS.map(text)],
        );
      }
    }
  }

  const found = (body: string) => canaries.filter((canary) => body.includes(canary)).sort();

  describe.each(READERS.map((reader) => [`${reader.username} (${reader.relationship})`, reader]))('%s', (_name, reader) => {
    let cookie: string;
    const api = () => apiFor(testApp, reader.username);
    const page = (path: string) => request(testApp.baseUrl).get(path).set('Cookie', cookie);

    beforeAll(async () => {
      cookie = await signInSession(testApp, reader.username);
    });

    it('My children holds what GET /api/caseload returns, new-entry counts included', async () => {
      const [html, json] = [await page('/'), await api().get('/api/caseload')];
      expect([html.status, json.status]).toEqual([200, 200]);
      expect(found(html.text)).toEqual(found(json.text));
      const mine = (json.body as { id: string; chronology: { newFromOtherAgencies: number } | null }[]).find((child) => child.id === childId);
      expect(Boolean(mine)).toBe(reader.relationship === 'involved');
      if (mine?.chronology) {
        const row = html.text.slice(html.text.indexOf(`/child/${childId}/chronology`));
        const shown = /(\d+) new|>\s*None\s*</.exec(row);
        expect(shown?.[1] === undefined ? 0 : Number(shown[1])).toBe(mine.chronology.newFromOtherAgencies);
      }
    });

    it('the team page holds what GET /api/children/:id and /team return, and is refused alike', async () => {
      const html = await page(`/child/${childId}/team`);
      const [child, team] = [await api().get(`/api/children/${childId}`), await api().get(`/api/children/${childId}/team`)];
      expect(html.status).toBe(team.status === 200 ? child.status : team.status);
      expect(found(html.text)).toEqual(found(child.status === 200 && team.status === 200 ? child.text + team.text : ''));
    });

    it('the chronology page holds what GET /api/children/:id and /chronology return, and is refused alike', async () => {
      const html = await page(`/child/${childId}/chronology?includeEnteredInError=true`);
      const [child, chronology] = [await api().get(`/api/children/${childId}`), await api().get(`/api/children/${childId}/chronology?includeEnteredInError=true`)];
      expect(html.status).toBe(child.status === 200 ? chronology.status : child.status);
      expect(found(html.text)).toEqual(found(child.status === 200 && chronology.status === 200 ? child.text + chronology.text : ''));
    });

    it("each entry's page holds what GET /api/children/:id, /api/entries/:id and its history return, and is refused alike", async () => {
      for (const entryId of entryIds) {
        const html = await page(`/child/${childId}/entries/${entryId}`);
        const [child, entry, history] = [await api().get(`/api/children/${childId}`), await api().get(`/api/entries/${entryId}`), await api().get(`/api/entries/${entryId}/history`)];
        const refused = [child, entry].find((response) => response.status !== 200);
        expect({ entryId, status: html.status }).toEqual({ entryId, status: refused?.status ?? 200 });
        const expected = refused ? '' : child.text + entry.text + (history.status === 200 ? history.text : '');
        expect({ entryId, canaries: found(html.text) }).toEqual({ entryId, canaries: found(expected) });
      }
    });

    it("an entry's other pages (amend, share, why) hold nothing the API's reads of the child and entry do not return", async () => {
      for (const entryId of entryIds) {
        const [child, entry] = [await api().get(`/api/children/${childId}`), await api().get(`/api/entries/${entryId}`)];
        const returned = new Set(child.status === 200 && entry.status === 200 ? found(child.text + entry.text) : []);
        for (const path of ['amend', 'share', 'why']) {
          const html = await page(`/child/${childId}/entries/${entryId}/${path}`);
          expect({ entryId, path, beyondTheApi: found(html.text).filter((canary) => !returned.has(canary)) }).toEqual({ entryId, path, beyondTheApi: [] });
        }
      }
    });

    it('search results hold what GET /api/children returns for the same criteria', async () => {
      const html = await request(testApp.baseUrl)
        .post('/find-a-child')
        .set('Cookie', cookie)
        .type('form')
        .send({ name: 'Canary', identifier: '1402189876', _csrf: await formTokenOf(testApp, cookie) });
      const json = await api().get('/api/children?name=Canary&identifier=1402189876');
      expect([html.status, json.status]).toEqual([200, 200]);
      // The form gives back what the reader typed; what the search found is under the results heading.
      const results = html.text.slice(html.text.indexOf('id="results"'));
      expect(found(results)).toEqual(found(json.text));
      expect(found(results).length > 0).toBe(json.body.length > 0);
    });
  });
});
