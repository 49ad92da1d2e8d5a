import request from 'supertest';
import { apiFor, practitionerId, USERS, validEntry } from '../support/fixtures';
import { signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

/** The text of an HTML fragment, entities decoded and spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The pages that show the same thing of an entry say it the same way: the child's age at the
 * event on the chronology and on the entry's page, and, on "Why can't I see this?", what the
 * marker in a withheld entry's place shows (not listed as hidden).
 */
describe('an entry, told the same way on every page', () => {
  let testApp: TestApp;
  let childId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    testApp = await startTestApp();
    const admin = apiFor(testApp, USERS.admin);
    const created = await admin.post('/api/children', { givenName: 'Baby', familyName: `Agree${Date.now()}`, dateOfBirth: '2024-06-01' });
    expect(created.status).toBe(201);
    childId = created.body.id;
    const added = await admin.post(`/api/children/${childId}/team`, { practitionerId: await practitionerId(testApp, USERS.healthVisitor), capacity: 'health-visitor', startsOn: '2024-06-01' });
    expect(added.status).toBe(201);
    const record = async (name: string, entry: Record<string, unknown>) => {
      const response = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry(entry));
      if (response.status !== 201) throw new Error(JSON.stringify(response.body));
      ids[name] = response.body.id;
    };
    await record('day', { eventDate: '2024-07-09', summary: 'Six-week check' });
    await record('month', { eventDate: '2025-05-01', datePrecision: 'month', summary: 'Some time in May' });
    await record('sensitive', { eventDate: '2025-01-15', summary: 'A sensitive health matter', sensitivity: 'sensitive' });
    await record('restricted', { eventDate: '2025-02-20', summary: 'A restricted health matter', sensitivity: 'restricted' });
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it("gives the child's age at the event alike on the chronology and on the entry's page: months until 2", async () => {
    const cookie = await signInSession(testApp, USERS.healthVisitor);
    const chronology = (await request(testApp.baseUrl).get(`/child/${childId}/chronology`).set('Cookie', cookie).expect(200)).text;
    for (const [name, expected] of [
      ['day', '1 month'],
      ['month', 'about 11 months'],
    ]) {
      const row = new RegExp(`<tr id="entry-${ids[name]}"[\\s\\S]*?</tr>`).exec(chronology)![0];
      expect(text(/data-label="Age">([\s\S]*?)<\/td>/.exec(row)![1])).toBe(expected);
      const entryPage = (await request(testApp.baseUrl).get(`/child/${childId}/entries/${ids[name]}`).set('Cookie', cookie).expect(200)).text;
      const ageRow = /<dt class="govuk-summary-list__key">Child&#39;s age then<\/dt>\s*<dd[^>]*>([\s\S]*?)<\/dd>/.exec(entryPage);
      expect(ageRow && text(ageRow[1])).toBe(expected);
    }
  });

  describe('"Why can\'t I see this?" for a police officer with emergency access', () => {
    let cookie: string;

    beforeAll(async () => {
      const claim = await apiFor(testApp, USERS.police).post('/api/access-claims', { childId, kind: 'emergency', reason: 'Called to the house overnight; need the safeguarding history now' });
      expect(claim.status).toBe(201);
      cookie = await signInSession(testApp, USERS.police);
    });

    const sections = async (entryId: string) => {
      const html = (await request(testApp.baseUrl).get(`/child/${childId}/entries/${entryId}/why`).set('Cookie', cookie).expect(200)).text;
      const after = (heading: string) => {
        const start = html.indexOf(`>${heading}</h3>`);
        return start < 0 ? '' : text(html.slice(start, html.indexOf('</p>', html.indexOf('<p', start)) + 4).replace(/^[^<]*<\/h3>/, ''));
      };
      const canSee = html.indexOf('>What you can see</h3>') < 0 ? '' : text(html.slice(html.indexOf('>What you can see</h3>'), html.indexOf('</ul>', html.indexOf('>What you can see</h3>'))).replace(/^[^<]*<\/h3>/, ''));
      return { canSee, cannotSee: after('What you cannot see') };
    };

    it('does not list the date (nor the sensitivity) as hidden where the marker shows them', async () => {
      const marker = (await apiFor(testApp, USERS.police).get(`/api/entries/${ids.sensitive}`)).body;
      expect(marker).toMatchObject({ kind: 'withheld', notice: expect.stringContaining('Withheld: 1 sensitive entry from NHS Lanarkshire on 15 Jan 2025') });
      const { canSee, cannotSee } = await sections(ids.sensitive);
      expect(cannotSee).toMatch(/^Event type, /);
      expect(cannotSee).not.toMatch(/\bDate\b/);
      expect(cannotSee).not.toContain('Sensitivity');
      expect(canSee).toContain('Date, Sensitivity, because the access policy says: “Where a standard or sensitive entry is withheld from you, you are told it exists, when, and which agency holds it.”');
    });

    it("lists the date as hidden where the marker does not show it (a restricted entry's)", async () => {
      const marker = (await apiFor(testApp, USERS.police).get(`/api/entries/${ids.restricted}`)).body;
      expect(marker).toMatchObject({ kind: 'withheld' });
      expect(marker.eventDate).toBeUndefined();
      const { cannotSee } = await sections(ids.restricted);
      expect(cannotSee).toMatch(/^Date, Event type, /);
      expect(cannotSee).not.toContain('Sensitivity');
    });
  });
});
