import request from 'supertest';
import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { importCounts, upload } from '../support/import-api';
import { fixture } from '../support/import-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

/** The fixture chronology's columns, mapped as a social worker would map them. */
const MAPPING = {
  columns: { Date: 'eventDate', Event: 'eventType', 'What happened': 'summary', Details: 'detail', 'Impact on child': 'impactOnChild', Action: 'actionTaken', Outcome: 'outcome', Ref: 'sourceReference' },
  eventTypes: { 'Home visit': 'parent-support-offered', 'CP conf': 'child-protection-case-conference', 'Concern raised': 'concern-raised', 'School exclusion': 'exclusion' },
};

describe('imports', () => {
  let testApp: TestApp;
  const team = [
    { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
    { username: USERS.healthVisitor, capacity: 'health-visitor' },
  ];
  const newChild = (): Promise<string> => createChildWithTeam(testApp, team);

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp?.close();
  });

  describe('POST /api/children/:childId/imports', () => {
    it('requires authentication', async () => {
      const childId = await newChild();
      await request(testApp.baseUrl).post(`/api/children/${childId}/imports`).attach('file', fixture('chronology-utf8.csv'), 'chronology-utf8.csv').expect(401);
    });

    it('reads the file and suggests a mapping; nothing is recorded, the upload is audited', async () => {
      const childId = await newChild();
      const before = await importCounts(testApp);
      const response = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        childId,
        fileName: 'chronology-utf8.csv',
        format: 'csv',
        encoding: 'utf-8',
        rows: 4,
        columns: expect.arrayContaining([{ letter: 'A', name: 'Date' }]),
        alreadyImported: null,
      });
      expect(response.body.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(response.body.suggestedMapping.columns).toMatchObject({ Date: 'eventDate', 'What happened': 'summary' });
      expect(response.body.suggestions.eventTypes).toEqual(expect.arrayContaining([expect.objectContaining({ word: 'School exclusion', code: 'exclusion', basis: 'usual' })]));
      const after = await importCounts(testApp);
      expect(after).toEqual({ ...before, imports: before.imports + 1 });
      const events = await testApp.ownerQuery<{ details: { importId: string; rows: number } }>(`SELECT details FROM audit.events WHERE action = 'import.upload' AND child_id = $1`, [childId]);
      expect(events.map((event) => event.details)).toEqual([expect.objectContaining({ importId: response.body.importId, rows: 4 })]);
    });

    it("keeps the file's name as the browser sent it (UTF-8), without any path", async () => {
      const childId = await newChild();
      const response = await upload(testApp, USERS.socialWorker, childId, 'Zoë’s chronology £.csv', fixture('chronology-utf8.csv'));
      expect(response.body.fileName).toBe('Zoë’s chronology £.csv');
    });

    it('reads a workbook: its date cells, and a formula without a saved result as a problem on its row', async () => {
      const childId = await newChild();
      const uploaded = await upload(testApp, USERS.socialWorker, childId, 'chronology-exceljs.xlsx');
      expect(uploaded.status).toBe(201);
      expect(uploaded.body).toMatchObject({ format: 'xlsx', encoding: null });
      const preview = await apiFor(testApp, USERS.socialWorker).post(`/api/imports/${uploaded.body.importId}/preview`, { mapping: uploaded.body.suggestedMapping });
      expect(preview.status).toBe(200);
      const problems = preview.body.rows.flatMap((row: { problems: { problem: string }[] }) => row.problems.map((problem) => problem.problem));
      expect(problems.join('\n')).toMatch(/formula/);
    });

    it('is refused to someone not on the team, to roles that do not record entries, and for a child that does not exist, recording nothing', async () => {
      const childId = await newChild();
      const before = await importCounts(testApp);
      const refusal = async (username: string): Promise<unknown[]> => {
        const refused = await upload(testApp, username, childId, 'chronology-utf8.csv');
        return [refused.status, refused.body.code];
      };
      // Not on the team, or a data protection officer: the child is not found, as for a typed entry.
      expect(await refusal(USERS.police)).toEqual([404, 'NOT_FOUND']);
      expect(await refusal(USERS.dpo)).toEqual([404, 'NOT_FOUND']);
      // An administrator keeps the child's record but records no entries.
      expect(await refusal(USERS.admin)).toEqual([403, 'FORBIDDEN']);
      const missing = await upload(testApp, USERS.socialWorker, '00000000-0000-4000-8000-000000000000', 'chronology-utf8.csv');
      expect(missing.status).toBe(404);
      expect(await importCounts(testApp)).toEqual(before);
    });

    it('asks for the file when none is sent', async () => {
      const childId = await newChild();
      const response = await request(testApp.baseUrl)
        .post(`/api/children/${childId}/imports`)
        .set('Authorization', `Bearer ${await testApp.tokenFor(USERS.socialWorker)}`)
        .field('worksheet', 'Sheet1');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'file' }] });
    });
  });

  describe('preview and commit', () => {
    it('previews every row, then records them all as entries of the uploader agency naming the file and row, audited once', async () => {
      const childId = await newChild();
      const uploaded = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      const socialWorker = apiFor(testApp, USERS.socialWorker);
      const preview = await socialWorker.post(`/api/imports/${uploaded.body.importId}/preview`, { mapping: MAPPING });
      expect(preview.status).toBe(200);
      expect(preview.body.rows.map((row: { problems: unknown[] }) => row.problems)).toEqual([[], [], [], []]);
      expect(preview.body.counts).toEqual({ rows: 4, ready: 4, duplicates: 0, withProblems: 0 });
      expect(preview.body.rows[1].entry).toEqual({ eventDate: '2016-06-15', datePrecision: 'approximate', eventDateDisplay: 'c. 15 Jun 2016', eventType: 'child-protection-case-conference', summary: 'Initial child protection case conference' });

      const committed = await socialWorker.post(`/api/imports/${uploaded.body.importId}/commit`, { mapping: MAPPING });
      expect(committed.status).toBe(201);
      expect(committed.body).toMatchObject({ alreadyImported: false, created: 4, duplicatesLeftOut: [] });
      const entry = await socialWorker.get(`/api/entries/${committed.body.entryIds[0]}`);
      expect(entry.body).toMatchObject({
        eventDate: '2016-05-22',
        datePrecision: 'day',
        summary: 'Visited Zoë and her mother at home',
        sourceReference: 'SW-1042 (chronology-utf8.csv, row 2)',
        source: { agency: { code: 'north-lanarkshire-social-work' }, author: { name: expect.any(String) } },
      });
      // Text that looks like a formula is kept exactly as written, never evaluated.
      const formula = await socialWorker.get(`/api/entries/${committed.body.entryIds[2]}`);
      expect(formula.body).toMatchObject({ summary: '=HYPERLINK("http://evil.example","Click")', detail: '+44 7700 900123', impactOnChild: '-', actionTaken: '@school' });

      const events = await testApp.ownerQuery<{ entry_ids: string[]; details: Record<string, unknown> }>(`SELECT entry_ids, details FROM audit.events WHERE action = 'import.commit' AND child_id = $1`, [childId]);
      expect(events).toHaveLength(1);
      expect([...events[0].entry_ids].sort()).toEqual([...committed.body.entryIds].sort());
      expect(events[0].details).toMatchObject({ importId: uploaded.body.importId, sha256: uploaded.body.sha256, recorded: 4 });
      const kept = await testApp.ownerQuery<{ file_bytes: Buffer | null }>(`SELECT file_bytes FROM imports WHERE id = $1`, [uploaded.body.importId]);
      expect(kept).toEqual([{ file_bytes: null }]);
    });

    it('records nothing when the same file is imported again for the child, and says so', async () => {
      const childId = await newChild();
      const socialWorker = apiFor(testApp, USERS.socialWorker);
      const first = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      await socialWorker.post(`/api/imports/${first.body.importId}/commit`, { mapping: MAPPING });
      // The same text with a byte-order mark is another file: the same bytes are the same file.
      const again = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      expect(again.body.alreadyImported).toMatchObject({ importId: first.body.importId, entries: 4 });
      const before = await importCounts(testApp);
      const recommitted = await socialWorker.post(`/api/imports/${again.body.importId}/commit`, { mapping: MAPPING });
      expect(recommitted.body).toMatchObject({ alreadyImported: true, created: 0, entryIds: [], previousImport: { importId: first.body.importId } });
      const sameAgain = await socialWorker.post(`/api/imports/${first.body.importId}/commit`, { mapping: MAPPING });
      expect(sameAgain.body).toMatchObject({ alreadyImported: true, created: 0 });
      expect(await importCounts(testApp)).toEqual(before);
      // Another agency's upload of the same bytes is its own: it is not told of the social worker's.
      const otherAgency = await upload(testApp, USERS.healthVisitor, childId, 'chronology-utf8.csv');
      expect(otherAgency.body.alreadyImported).toBeNull();
    });

    it('lists every problem by row and column in plain words, and a commit with problems records nothing', async () => {
      const childId = await newChild();
      const uploaded = await upload(testApp, USERS.socialWorker, childId, 'chronology-with-problems.csv');
      const socialWorker = apiFor(testApp, USERS.socialWorker);
      const mapping = { columns: { Date: 'eventDate', Event: 'eventType', 'What happened': 'summary', Action: 'actionTaken' }, eventTypes: { 'Home visit': 'parent-support-offered' } };
      const preview = await socialWorker.post(`/api/imports/${uploaded.body.importId}/preview`, { mapping });
      expect(preview.body.counts).toEqual({ rows: 3, ready: 1, duplicates: 0, withProblems: 2 });
      expect(preview.body.rows[0].problems).toEqual([{ row: 2, column: 'Date', columnLetter: 'A', field: 'eventDate', problem: expect.stringContaining('not a real date') }]);
      expect(preview.body.rows[1].problems.map((problem: { column: string }) => problem.column)).toEqual(['Date', 'Event', 'What happened']);
      expect(preview.body.rows[1].problems[1].problem).toContain('"Something unusual" is not matched to an event type');

      const before = await importCounts(testApp);
      const committed = await socialWorker.post(`/api/imports/${uploaded.body.importId}/commit`, { mapping });
      expect(committed.status).toBe(422);
      expect(committed.body).toMatchObject({ code: 'IMPORT_ROWS_INVALID', details: expect.arrayContaining([{ field: 'row 2, Date', problem: expect.any(String) }]) });
      expect(committed.body.details).toHaveLength(4);
      expect(await importCounts(testApp)).toEqual(before);
    });

    it('refuses a mapping that cannot be used with the file, with every problem', async () => {
      const childId = await newChild();
      const uploaded = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      const preview = await apiFor(testApp, USERS.socialWorker).post(`/api/imports/${uploaded.body.importId}/preview`, { mapping: { columns: { Nope: 'eventDate', Event: 'colour' } } });
      expect(preview.status).toBe(400);
      expect(preview.body.code).toBe('VALIDATION_FAILED');
      expect(preview.body.details.map((detail: { problem: string }) => detail.problem).join('\n')).toMatch(/no column called "Nope"[\s\S]*"colour" is not an entry field[\s\S]*map a column to the summary/);
    });

    it('flags rows that repeat an entry the agency already has, leaves them out, and records them when kept', async () => {
      const childId = await newChild();
      const socialWorker = apiFor(testApp, USERS.socialWorker);
      const typed = await socialWorker.post(
        `/api/children/${childId}/entries`,
        validEntry({ eventDate: '2016-05-22', eventType: 'parent-support-offered', summary: 'Visited  zoë and her mother at home', actionTaken: 'Advice given' }),
      );
      expect(typed.status).toBe(201);
      // The health visitor's entry with the same outline is another agency's: not a duplicate.
      await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ eventDate: '2018-01-01', datePrecision: 'year', eventType: 'exclusion', summary: 'Excluded for two days after a trip to Café Rouge' }));
      const uploaded = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      const preview = await socialWorker.post(`/api/imports/${uploaded.body.importId}/preview`, { mapping: MAPPING });
      expect(preview.body.rows.map((row: { status: string }) => row.status)).toEqual(['duplicate', 'ready', 'ready', 'ready']);
      expect(preview.body.rows[0].duplicateOf).toBe(typed.body.id);
      const previewed = await testApp.ownerQuery<{ entry_ids: string[] }>(`SELECT entry_ids FROM audit.events WHERE action = 'import.preview' AND child_id = $1`, [childId]);
      expect(previewed).toEqual([{ entry_ids: [typed.body.id] }]);

      const leftOut = await socialWorker.post(`/api/imports/${uploaded.body.importId}/commit`, { mapping: MAPPING });
      expect(leftOut.body).toMatchObject({ created: 3, duplicatesLeftOut: [2] });

      const otherChild = await newChild();
      await socialWorker.post(`/api/children/${otherChild}/entries`, validEntry({ eventDate: '2016-05-22', eventType: 'parent-support-offered', summary: 'Visited Zoë and her mother at home', actionTaken: 'x' }));
      const second = await upload(testApp, USERS.socialWorker, otherChild, 'chronology-utf8.csv');
      const kept = await socialWorker.post(`/api/imports/${second.body.importId}/commit`, { mapping: MAPPING, keepDuplicateRows: [2] });
      expect(kept.body).toMatchObject({ created: 4, duplicatesLeftOut: [] });
    });

    it("saves the agency's mapping for its next file", async () => {
      const childId = await newChild();
      const socialWorker = apiFor(testApp, USERS.socialWorker);
      const uploaded = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      await socialWorker.post(`/api/imports/${uploaded.body.importId}/commit`, { mapping: MAPPING, saveMapping: true });
      const saved = await socialWorker.get('/api/import-mapping');
      expect(saved.body).toMatchObject({ agency: 'north-lanarkshire-social-work', mapping: MAPPING });
      const next = await upload(testApp, USERS.socialWorker, await newChild(), 'chronology-windows-1252.csv');
      expect(next.body.suggestions.columns).toEqual(expect.arrayContaining([{ column: 'Ref', field: 'sourceReference', basis: 'saved' }]));
      expect(next.body.suggestions.eventTypes).toEqual(expect.arrayContaining([expect.objectContaining({ word: 'Home visit', code: 'parent-support-offered', basis: 'saved' })]));
      // Another agency's saved mapping is its own.
      expect((await apiFor(testApp, USERS.healthVisitor).get('/api/import-mapping')).body.mapping).toEqual({ columns: {}, eventTypes: {} });
    });

    it("is the uploader's own: anyone else is told the import does not exist", async () => {
      const childId = await newChild();
      const uploaded = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      const healthVisitor = apiFor(testApp, USERS.healthVisitor);
      for (const action of ['preview', 'commit']) {
        const response = await healthVisitor.post(`/api/imports/${uploaded.body.importId}/${action}`, { mapping: MAPPING });
        expect(response.status).toBe(404);
      }
    });

    it('refuses a commit after the upload has expired', async () => {
      const childId = await newChild();
      const uploaded = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      await testApp.ownerQuery(`UPDATE imports SET expires_at = now() - interval '1 minute' WHERE id = $1`, [uploaded.body.importId]);
      const response = await apiFor(testApp, USERS.socialWorker).post(`/api/imports/${uploaded.body.importId}/commit`, { mapping: MAPPING });
      expect(response.status).toBe(410);
      expect(response.body.code).toBe('IMPORT_EXPIRED');
      // The next upload deletes expired ones, bytes and all.
      await upload(testApp, USERS.socialWorker, childId, 'chronology-semicolons.csv');
      expect(await testApp.ownerQuery(`SELECT id FROM imports WHERE id = $1`, [uploaded.body.importId])).toEqual([]);
    });
  });
});
