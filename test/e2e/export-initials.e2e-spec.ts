import { PDFParse } from 'pdf-parse';
import request from 'supertest';
import { apiFor, practitionerId, USERS, validEntry } from '../support/fixtures';
import { pdfPages } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * An initials-only copy (learning review) prints none of the child's names, in any text it prints,
 * however the name is written (issue 13 #9): the title, purpose, "Produced for", lawful basis,
 * footers, the document's info, every entry field, amendment and error reasons.
 */

/** The child's names as people write them: run together, in any case, possessive, hyphenated, broken over lines. */
const WRITTEN = [
  'Zara Canaryfield',
  'ZaraCanaryfield',
  'zara canaryfield',
  'ZARA CANARYFIELD',
  'Zara’s',
  "Canaryfield's",
  'Zara-Canaryfield',
  'Canary-\nfield',
  'Za\nra',
  'Zebedee',
  'zebedee',
];
const written = (field: string): string => `${field}: ${WRITTEN.join(', ')}.`;

describe('an initials-only copy', () => {
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    const admin = apiFor(testApp, USERS.admin);
    const child = await admin.post('/api/children', { givenName: 'Zara', familyName: 'Canaryfield', knownAs: 'Zebedee', dateOfBirth: '2019-06-15' });
    expect(child.status).toBe(201);
    childId = child.body.id;
    for (const username of [USERS.reviewingOfficer, USERS.socialWorker]) {
      const added = await admin.post(`/api/children/${childId}/team`, { practitionerId: await practitionerId(testApp, username), capacity: 'allocated-social-worker', startsOn: '2025-01-01' });
      expect(added.status).toBe(201);
    }
    const sw = apiFor(testApp, USERS.socialWorker);
    const entry = async (fields: Record<string, unknown>): Promise<string> => {
      const created = await sw.post(`/api/children/${childId}/entries`, validEntry(fields));
      expect(created.status).toBe(201);
      return created.body.id;
    };
    const amended = await entry({ eventDate: '2026-03-02', summary: written('summary'), impactOnChild: written('impact'), actionTaken: written('action'), outcome: written('outcome'), childView: written('view') });
    expect((await sw.post(`/api/entries/${amended}/amendments`, { reason: written('reason'), changes: { summary: `${written('summary')} Amended.` } })).status).toBe(201);
    await entry({ eventDate: '2026-03-03', summary: 'No action', actionTaken: undefined, noActionReason: written('no action') });
    const inError = await entry({ eventDate: '2026-03-04', summary: written('in error') });
    expect((await sw.post(`/api/entries/${inError}/entered-in-error`, { reason: written('error reason') })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  /** Every text of a PDF, its pages and its document info, with the line breaks, spaces and hyphens that could split a name taken out. */
  async function everyTextOf(pdf: Buffer): Promise<string> {
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const { info } = await parser.getInfo().finally(() => parser.destroy());
    return [...(await pdfPages(pdf)), JSON.stringify(info)].join('\n');
  }

  it('prints none of the child’s names however written, in any field, fresh or made again, only their initials', async () => {
    const bearer = `Bearer ${await testApp.tokenFor(USERS.reviewingOfficer)}`;
    const made = await request(testApp.baseUrl)
      .post(`/api/children/${childId}/exports`)
      .set('Authorization', bearer)
      .send({ audience: 'learning-review', purpose: written('purpose'), producedFor: written('for'), lawfulBasis: written('basis'), includeEnteredInError: true })
      .buffer(true)
      .parse(binary);
    expect(made.status).toBe(201);
    const again = await request(testApp.baseUrl).get(`/api/exports/${made.headers['x-export-id']}/document`).set('Authorization', `Bearer ${await testApp.tokenFor(USERS.socialWorker)}`).buffer(true).parse(binary);
    expect(again.status).toBe(200);
    for (const pdf of [made.body as Buffer, again.body as Buffer]) {
      const text = await everyTextOf(pdf);
      // (The copy leaves out entries' history, and with it the reasons for amending them or marking them in error.)
      for (const field of ['summary', 'impact', 'action', 'outcome', 'view', 'no action', 'in error', 'purpose', 'for', 'basis']) expect(text).toContain(`${field}:`);
      expect(text.replace(/[\s\-\u00AD]+/g, '').toLowerCase()).not.toMatch(/zara|canary|zebedee/);
      expect(text).toContain('Z. C.');
      expect(text).toContain('Z.C.');
    }
  });
});

function binary(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}
