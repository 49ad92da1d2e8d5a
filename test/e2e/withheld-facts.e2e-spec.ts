import request from 'supertest';
import type { ChronologyDocument } from '../../src/export/pdf/chronology-document';
import { PdfRenderer } from '../../src/export/pdf/pdf-renderer';
import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Nothing a reader receives (text, counts, order, page count, size) varies with a fact the policy
 * withholds from them (issue 13 #1 and #8). A police entry is restricted: every other agency may
 * know only that Police Scotland holds a restricted entry, not its date, type or significance.
 * Those hidden facts are varied, by the police amending the entry, and every reader's copy for
 * every audience, under every filter, and their JSON chronology, must stay the same.
 */

const AUDIENCES = ['childrens-hearing', 'case-conference', 'looked-after-review', 'family-copy', 'learning-review'];
const READERS = [USERS.reviewingOfficer, USERS.teacher, USERS.mentor];
const FILTERS: Record<string, unknown>[] = [
  {},
  { from: '2026-03-01', to: '2026-03-05' },
  { from: '2026-03-06', to: '2026-03-10' },
  { eventType: ['concern-raised'] },
  { significant: true },
  { agency: ['police-scotland'] },
];
/** The withheld entry's hidden facts, in turn: in one filter's period or the other's, or neither; of the type filtered or not; significant or not. */
const HIDDEN_FACTS = [
  { eventDate: '2026-03-03', eventType: 'concern-raised', significant: true },
  { eventDate: '2026-03-08', eventType: 'health-assessment', significant: false },
  { eventDate: '2024-11-20', eventType: 'concern-raised', significant: false },
];

describe('withheld facts change nothing a reader receives', () => {
  let testApp: TestApp;
  let childId: string;
  let hiddenId: string;
  let documents: jest.SpyInstance<Promise<{ pdf: Buffer; pages: number }>, [ChronologyDocument]>;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RATE_LIMIT_API_PER_SECOND: '0' } });
    // Only chronology copies are made in this spec (no subject access letters).
    documents = jest.spyOn(testApp.app.get(PdfRenderer), 'render') as unknown as typeof documents;
    childId = await createChildWithTeam(testApp, [
      { username: USERS.reviewingOfficer, capacity: 'reviewing-officer' },
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
      { username: USERS.teacher, capacity: 'guidance-teacher' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.mentor, capacity: 'mentor' },
    ]);
    const record = async (username: string, entry: Record<string, unknown>): Promise<string> => {
      const created = await apiFor(testApp, username).post(`/api/children/${childId}/entries`, validEntry(entry));
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      return created.body.id;
    };
    await record(USERS.healthVisitor, { eventDate: '2026-03-02', eventTime: '10:00', summary: 'Home visit' });
    await record(USERS.teacher, { eventDate: '2026-03-03', eventTime: '09:00', eventType: 'concern-raised', summary: 'Came to school hungry', significant: true });
    await record(USERS.socialWorker, { eventDate: '2026-03-03', eventTime: '16:00', eventType: 'concern-raised', summary: 'Home visit after the school’s call' });
    await record(USERS.socialWorker, { eventDate: '2026-03-08', eventType: 'concern-raised', summary: 'Strategy discussion', sensitivity: 'sensitive' });
    await record(USERS.healthVisitor, { eventDate: '2026-03-09', summary: 'Growth check' });
    hiddenId = await record(USERS.police, { ...HIDDEN_FACTS[0], eventTime: '12:00', summary: 'Intelligence held by the police', sensitivity: 'restricted' });
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  const bearer = async (username: string): Promise<string> => `Bearer ${await testApp.tokenFor(username)}`;

  /** A copy made by `username`; its id, and the document as given to the renderer less its id and time, which legitimately differ. */
  async function exportAs(username: string, body: Record<string, unknown>): Promise<{ exportId: string; pages: string; document: unknown }> {
    const made = await request(testApp.baseUrl).post(`/api/children/${childId}/exports`).set('Authorization', await bearer(username)).send(body);
    expect(made.status).toBe(201);
    return { exportId: made.headers['x-export-id'], pages: made.headers['x-export-pages'], document: normalised(documents.mock.calls.at(-1)![0]) };
  }

  /** Everything of a document but its id and the times it was made (and made again): as rendered, the PDF's text, pages and size follow from it. */
  function normalised({ exportId: _id, producedAt: _at, remade, ...document }: ChronologyDocument): unknown {
    return { ...document, remade: remade ? { for: remade.for } : remade };
  }

  /** An export's record as `username` reads it, less the id and time that differ between any two copies. */
  async function recordAs(username: string, exportId: string): Promise<unknown> {
    const record = await request(testApp.baseUrl).get(`/api/exports/${exportId}`).set('Authorization', await bearer(username));
    expect(record.status).toBe(200);
    const { id: _id, producedAt: _at, document: _link, ...rest } = record.body;
    return rest;
  }

  const bodyFor = (audience: string, filters: Record<string, unknown>) => ({ audience, purpose: 'Case conference', producedFor: 'Conference members', ...filters });

  /** What a reader receives: their chronology, their own copies and their records, and the police's copies made again for them and those records. */
  async function received(username: string, policeCopies: Map<string, string>): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const filters of FILTERS) {
      const query = new URLSearchParams(Object.entries(filters).flatMap(([key, value]) => (Array.isArray(value) ? value.map((item) => [key, item]) : [[key, String(value)]])));
      const chronology = await request(testApp.baseUrl).get(`/api/children/${childId}/chronology?${query}`).set('Authorization', await bearer(username));
      expect(chronology.status).toBe(200);
      out.push({ filters, chronology: chronology.body });
      for (const audience of AUDIENCES) {
        const own = await exportAs(username, bodyFor(audience, filters));
        const { id: _sha, sha256: _hash, bytes: _bytes, ...ownRecord } = (await recordAs(username, own.exportId)) as Record<string, unknown>;
        const policeCopy = policeCopies.get(JSON.stringify([audience, filters]))!;
        const again = await request(testApp.baseUrl).get(`/api/exports/${policeCopy}/document`).set('Authorization', await bearer(username));
        expect(again.status).toBe(200);
        out.push({
          filters,
          audience,
          own: { document: own.document, pages: own.pages, record: ownRecord },
          policeCopy: { document: normalised(documents.mock.calls.at(-1)![0]), matches: again.headers['x-export-matches-original'], record: await recordAs(username, policeCopy) },
        });
      }
    }
    return out;
  }

  it('for every reader, audience and filter: the same copies, copies made again, records and chronology whatever the withheld entry’s date, type and significance', async () => {
    const first = new Map<string, unknown[]>();
    for (const [index, facts] of HIDDEN_FACTS.entries()) {
      if (index > 0) {
        const amended = await apiFor(testApp, USERS.police).post(`/api/entries/${hiddenId}/amendments`, { reason: 'Corrected', changes: facts });
        expect(amended.status).toBe(201);
      }
      // The police, who may read their entry, print a copy for each audience and filter; the others read them again.
      const policeCopies = new Map<string, string>();
      for (const filters of FILTERS) {
        for (const audience of AUDIENCES) policeCopies.set(JSON.stringify([audience, filters]), (await exportAs(USERS.police, bodyFor(audience, filters))).exportId);
      }
      for (const reader of READERS) {
        const now = await received(reader, policeCopies);
        if (!first.has(reader)) first.set(reader, now);
        else expect({ reader, facts, received: now }).toEqual({ reader, facts, received: first.get(reader) });
      }
    }
  }, 600_000);

  describe('a withheld marker’s place in the chronology', () => {
    let markedChild: string;
    const hidden: Record<string, string> = {};

    beforeAll(async () => {
      markedChild = await createChildWithTeam(testApp, [
        { username: USERS.healthVisitor, capacity: 'health-visitor' },
        { username: USERS.teacher, capacity: 'guidance-teacher' },
      ]);
      const record = async (username: string, entry: Record<string, unknown>): Promise<string> => {
        const created = await apiFor(testApp, username).post(`/api/children/${markedChild}/entries`, validEntry(entry));
        if (created.status !== 201) throw new Error(JSON.stringify(created.body));
        return created.body.id;
      };
      // Withheld from the police under emergency access, which does not open sensitive entries: markers showing the date only.
      hidden.health = await record(USERS.healthVisitor, { eventDate: '2026-03-05', eventTime: '08:00', summary: 'Sensitive health matter', sensitivity: 'sensitive' });
      await record(USERS.healthVisitor, { eventDate: '2026-03-05', eventTime: '09:00', summary: 'Morning visit' });
      hidden.school = await record(USERS.teacher, { eventDate: '2026-03-05', eventTime: '13:00', eventType: 'concern-raised', summary: 'Sensitive school matter', sensitivity: 'sensitive' });
      await record(USERS.teacher, { eventDate: '2026-03-05', eventTime: '15:00', eventType: 'concern-raised', summary: 'Afternoon at school' });
      await record(USERS.healthVisitor, { eventDate: '2026-03-06', summary: 'Next day' });
      hidden.month = await record(USERS.healthVisitor, { eventDate: '2026-03-01', datePrecision: 'month', summary: 'Sensitive, some time in March', sensitivity: 'sensitive' });
      await record(USERS.healthVisitor, { eventDate: '2026-03-01', eventTime: '10:00', summary: 'First of March' });
      const claim = await apiFor(testApp, USERS.police).post('/api/access-claims', { childId: markedChild, kind: 'emergency', reason: 'Called to the house overnight; need the safeguarding history now' });
      expect(claim.status).toBe(201);
    });

    /** The police's chronology, whole and filtered to the day, as ids and kinds in order with what each shows. */
    async function policeChronology(): Promise<unknown[]> {
      const pages = [];
      for (const query of ['', '?from=2026-03-05&to=2026-03-05']) {
        const response = await apiFor(testApp, USERS.police).get(`/api/children/${markedChild}/chronology${query}`);
        expect(response.status).toBe(200);
        pages.push(response.body.items);
      }
      return pages;
    }

    it('tells nothing of the withheld time or recording: after the day’s (or month’s) entries the reader may read, by agency, whatever the time', async () => {
      const first = await policeChronology();
      const [whole] = first as { id: string; kind: string; summary?: string }[][];
      expect(whole.map((item) => item.summary ?? `withheld ${item.id}`)).toEqual([
        'First of March',
        `withheld ${hidden.month}`,
        'Morning visit',
        'Afternoon at school',
        `withheld ${hidden.school}`,
        `withheld ${hidden.health}`,
        'Next day',
      ]);
      // The withheld times change, and the order the entries were recorded in; the police's chronology does not.
      const changes: [string, string, Record<string, unknown>][] = [
        [USERS.healthVisitor, hidden.health, { eventTime: '23:00' }],
        [USERS.teacher, hidden.school, { eventTime: '07:00' }],
      ];
      for (const [username, entryId, corrected] of changes) {
        expect((await apiFor(testApp, username).post(`/api/entries/${entryId}/amendments`, { reason: 'Corrected', changes: corrected })).status).toBe(201);
      }
      expect(await policeChronology()).toEqual(first);
    });
  });
});
