import request from 'supertest';
import { USERS } from '../support/fixtures';
import { formTokenOf, signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The entry forms as a browser posts them (application/x-www-form-urlencoded, every character
 * percent-encoded as UTF-8): any form within its fields' limits saves, in any script, and every
 * problem a form has is listed at once in its error summary, with what was typed kept.
 */
describe('web forms: limits and problems', () => {
  let testApp: TestApp;
  let cookie: string;
  let childId: string;

  /** The text fields of the entry form and their limits (EntryContentDto's MaxLength). */
  const TEXT_LIMITS: Record<string, number> = {
    summary: 500,
    actionTaken: 4000,
    detail: 10_000,
    impactOnChild: 4000,
    outcome: 4000,
    professionalAnalysis: 10_000,
    childView: 4000,
    sourceReference: 200,
    lawfulBasis: 500,
  };

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '0' } });
    cookie = await signInSession(testApp, USERS.healthVisitor);
    [{ id: childId }] = await testApp.dataSource.query<{ id: string }[]>(
      `SELECT c.id FROM children c JOIN involvements i ON i.child_id = c.id JOIN practitioners p ON p.id = i.practitioner_id
        WHERE p.subject = $1 AND i.ends_on IS NULL ORDER BY c.given_name LIMIT 1`,
      [USERS.healthVisitor],
    );
  });

  afterAll(async () => {
    await testApp?.close();
  });

  /** Posts the form as a browser does: URLSearchParams encodes as HTML's form submission does (spaces as +, the rest %XX of UTF-8). */
  const post = async (path: string, fields: Record<string, string>) =>
    request(testApp.baseUrl)
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send(new URLSearchParams({ ...fields, _csrf: await formTokenOf(testApp, cookie) }).toString());

  /** The error summary's problems, in order, each with the input it links to. */
  const summaryOf = (html: string) => [...html.matchAll(/<li>\s*<a href="#([^"]+)">([^<]*)<\/a>\s*<\/li>/g)].map(([, field, text]) => `${field}: ${text.replace(/&#39;/g, "'")}`);

  /** The text inputs the add-entry form offers this user (the access policy decides which). */
  const offeredTextFields = async () => {
    const html = (await request(testApp.baseUrl).get(`/child/${childId}/entries/new`).set('Cookie', cookie).expect(200)).text;
    return Object.keys(TEXT_LIMITS).filter((field) => html.includes(`name="${field}"`));
  };

  /** The essentials, with the radios as the form fills them in. */
  const ESSENTIALS = { 'eventDate-day': '3', 'eventDate-month': '6', 'eventDate-year': '2025', datePrecision: 'day', eventType: 'concern-raised', nature: 'neutral', informationSource: 'first-hand', sensitivity: 'standard' };
  const count = async () => (await testApp.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM chronology_entries WHERE child_id = $1`, [childId]))[0].n;

  describe('a form within its limits saves, in any script', () => {
    it.each([
      ['Devanagari (3 bytes a character, 9 once encoded)', 'ह'],
      ['an emoji with a variation selector (7 bytes, 21 once encoded, counted as one character)', '😀\uFE0F'],
    ])('every text field at its limit in %s', async (_name, character) => {
      const fields = await offeredTextFields();
      expect(fields).toEqual(expect.arrayContaining(['summary', 'actionTaken', 'detail', 'childView']));
      const values = Object.fromEntries(fields.map((field) => [field, character.repeat(TEXT_LIMITS[field])]));
      const answer = await post(`/child/${childId}/entries/new`, { ...ESSENTIALS, ...values });
      expect({ status: answer.status, summary: summaryOf(answer.text) }).toEqual({ status: 303, summary: [] });
      const id = /#entry-([0-9a-f-]{36})$/.exec(answer.headers.location)![1];
      const [saved] = await testApp.dataSource.query<{ detail: string; child_view: string }[]>(
        `SELECT v.detail, v.child_view FROM chronology_entry_versions v JOIN chronology_entries e ON e.id = v.entry_id AND v.version_number = e.current_version WHERE e.id = $1`,
        [id],
      );
      expect(saved).toEqual({ detail: values.detail, child_view: values.childView });
    });

    it("the tester's form: 4,000 Arabic characters in the child's view and 4,000 in the detail", async () => {
      const answer = await post(`/child/${childId}/entries/new`, { ...ESSENTIALS, summary: 'Visit', actionTaken: 'None needed', childView: 'ع'.repeat(4000), detail: 'ع'.repeat(4000) });
      expect(answer.status).toBe(303);
    });

    it('an amendment of such an entry, with its reason at its limit, saves too', async () => {
      const fields = await offeredTextFields();
      const values = Object.fromEntries(fields.map((field) => [field, 'ह'.repeat(TEXT_LIMITS[field])]));
      const added = await post(`/child/${childId}/entries/new`, { ...ESSENTIALS, ...values });
      const entryPath = `/child/${childId}/entries/${/#entry-([0-9a-f-]{36})$/.exec(added.headers.location)![1]}`;
      const amended = await post(`${entryPath}/amend`, { ...ESSENTIALS, ...values, detail: 'क'.repeat(10_000), reason: 'ह'.repeat(1000), baseVersion: '1' });
      expect({ status: amended.status, summary: summaryOf(amended.text) }).toEqual({ status: 303, summary: [] });
    });

    it('text over its limit is a problem in the summary, beside the field, with the text kept and nothing saved', async () => {
      const before = await count();
      const answer = await post(`/child/${childId}/entries/new`, { ...ESSENTIALS, summary: 'Visit', actionTaken: 'None needed', detail: 'ह'.repeat(10_001) });
      expect({ status: answer.status, summary: summaryOf(answer.text) }).toEqual({ status: 400, summary: ['detail: The detail must be 10000 characters or fewer'] });
      expect(answer.text).toContain('ह'.repeat(10_001));
      expect(await count()).toBe(before);
    });
  });

  describe('every problem at once', () => {
    it('a NUL in the detail with the summary left empty: both in the summary, beside their fields, the detail kept', async () => {
      const before = await count();
      const answer = await post(`/child/${childId}/entries/new`, { ...ESSENTIALS, summary: '', actionTaken: 'None needed', detail: 'Seen at home\u0000 with mum' });
      expect({ status: answer.status, summary: summaryOf(answer.text) }).toEqual({
        status: 400,
        summary: ['summary: Enter a summary of what happened', 'detail: The detail must not contain the NUL character'],
      });
      expect(answer.text).toContain(' with mum</textarea>');
      expect(await count()).toBe(before);
    });

    it('an amendment that clears the summary, the year and the action taken: all four problems at once, nothing saved', async () => {
      const added = await post(`/child/${childId}/entries/new`, { ...ESSENTIALS, summary: 'Visit', actionTaken: 'Advice given' });
      const entryId = /#entry-([0-9a-f-]{36})$/.exec(added.headers.location)![1];
      const answer = await post(`/child/${childId}/entries/${entryId}/amend`, { ...ESSENTIALS, 'eventDate-year': '', summary: '', actionTaken: '', reason: 'Correcting it', baseVersion: '1' });
      expect({ status: answer.status, summary: summaryOf(answer.text) }).toEqual({
        status: 400,
        summary: ['eventDate-year: The date of the event must include a year', 'summary: Enter a summary of what happened', 'actionTaken: Record the action taken, or why none was taken'],
      });
      const [{ version }] = await testApp.dataSource.query<{ version: number }[]>(`SELECT current_version AS version FROM chronology_entries WHERE id = $1`, [entryId]);
      expect(version).toBe(1);
    });
  });
});
