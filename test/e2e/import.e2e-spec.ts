import request from 'supertest';
import { apiFor, createChildWithTeam, USERS } from '../support/fixtures';
import { fixture } from '../support/import-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { importCounts, upload } from '../support/import-api';

/** The fixture chronology's columns, mapped as a social worker would map them. */
const MAPPING = {
  columns: { Date: 'eventDate', Event: 'eventType', 'What happened': 'summary', Details: 'detail', 'Impact on child': 'impactOnChild', Action: 'actionTaken', Outcome: 'outcome', Ref: 'sourceReference' },
  eventTypes: { 'Home visit': 'parent-support-offered', 'CP conf': 'child-protection-case-conference', 'Concern raised': 'concern-raised', 'School exclusion': 'exclusion' },
};

jest.setTimeout(60_000);

describe('imports', () => {
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    childId = await createChildWithTeam(testApp, [
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
    ]);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  describe('POST /api/children/:childId/imports', () => {
    it('requires authentication', async () => {
      await request(testApp.baseUrl).post(`/api/children/${childId}/imports`).attach('file', fixture('chronology-utf8.csv'), 'chronology-utf8.csv').expect(401);
    });

    it('reads the file and suggests a mapping; nothing is recorded', async () => {
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
      const after = await importCounts(testApp);
      expect(after.entries).toBe(before.entries);
      expect(after.imports).toBe(before.imports + 1);
    });
  });

  describe('preview and commit', () => {
    it('previews every row, then records them all as entries of the uploader agency naming the file and row', async () => {
      const uploaded = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      const socialWorker = apiFor(testApp, USERS.socialWorker);
      const preview = await socialWorker.post(`/api/imports/${uploaded.body.importId}/preview`, { mapping: MAPPING });
      expect(preview.status).toBe(200);
      expect(preview.body.rows.map((row: { problems: unknown[] }) => row.problems)).toEqual([[], [], [], []]);
      expect(preview.body.counts).toEqual({ rows: 4, ready: 4, duplicates: 0, withProblems: 0 });

      const committed = await socialWorker.post(`/api/imports/${uploaded.body.importId}/commit`, { mapping: MAPPING });
      expect(committed.status).toBe(201);
      expect(committed.body).toMatchObject({ alreadyImported: false, created: 4 });
      const entry = await socialWorker.get(`/api/entries/${committed.body.entryIds[0]}`);
      expect(entry.body).toMatchObject({ eventDate: '2016-05-22', datePrecision: 'day', sourceReference: 'SW-1042 (chronology-utf8.csv, row 2)', source: { agency: { type: 'social-work' } } });

      const again = await upload(testApp, USERS.socialWorker, childId, 'chronology-utf8.csv');
      expect(again.body.alreadyImported).toMatchObject({ importId: uploaded.body.importId, entries: 4 });
      const before = await importCounts(testApp);
      const recommitted = await socialWorker.post(`/api/imports/${again.body.importId}/commit`, { mapping: MAPPING });
      expect(recommitted.body).toMatchObject({ alreadyImported: true, created: 0, entryIds: [] });
      expect((await importCounts(testApp)).entries).toBe(before.entries);
    });
  });
});
