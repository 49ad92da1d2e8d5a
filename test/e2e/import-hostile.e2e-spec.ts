import request from 'supertest';
import { apiFor, createChildWithTeam, USERS } from '../support/fixtures';
import { importCounts, longChronologyCsv, upload } from '../support/import-api';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const LONG_MAPPING = { columns: { Date: 'eventDate', Event: 'eventType', 'What happened': 'summary', Details: 'detail', Action: 'actionTaken' }, eventTypes: {} };

/** Files that must be refused whole, before any row is looked at, and leave nothing behind. */
describe('imports: hostile and damaged files', () => {
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    childId = await createChildWithTeam(testApp, [
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
      { username: USERS.mentor, capacity: 'mentor' },
    ]);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it.each([
    ['zip-bomb.xlsx', 422, 'IMPORT_ARCHIVE_REFUSED', /zip bomb/],
    ['zip-bomb-false-sizes.xlsx', 422, 'IMPORT_ARCHIVE_REFUSED', /more than the size it declares/],
    ['xml-entities.xlsx', 422, 'IMPORT_ARCHIVE_REFUSED', /XML document type/],
    ['encrypted-parts.xlsx', 422, 'IMPORT_ARCHIVE_REFUSED', /encrypted/],
    ['word-document.xlsx', 415, 'IMPORT_UNSUPPORTED_FORMAT', /Word document/],
    ['truncated.xlsx', 422, 'IMPORT_UNREADABLE_FILE', /damaged or cut short/],
    ['damaged-sheet.xlsx', 422, 'IMPORT_UNREADABLE_FILE', /damaged/],
    ['legacy.xls', 415, 'IMPORT_UNSUPPORTED_FORMAT', /Excel 97-2003/],
    ['chronology-utf16.csv', 422, 'IMPORT_UNKNOWN_ENCODING', /UTF-16/],
    ['chronology-shift-jis.csv', 422, 'IMPORT_UNKNOWN_ENCODING', /neither UTF-8 nor Windows-1252/],
    ['empty.csv', 422, 'IMPORT_EMPTY_FILE', /empty/],
    ['blank-lines.csv', 422, 'IMPORT_EMPTY_FILE', /empty/],
    ['header-only.csv', 422, 'IMPORT_NO_ROWS', /no rows/],
    ['duplicate-columns.csv', 422, 'IMPORT_HEADER_INVALID', /same name/],
    ['unclosed-quote.csv', 422, 'IMPORT_UNREADABLE_FILE', /never closed/],
  ])('%s: %i %s, nothing written', async (name, status, code, message) => {
    const before = await importCounts(testApp);
    const response = await upload(testApp, USERS.socialWorker, childId, name);
    expect([response.status, response.body.code]).toEqual([status, code]);
    expect(response.body.message).toMatch(message);
    expect(await importCounts(testApp)).toEqual(before);
  });

  it('refuses a file over the size limit as it arrives (413), and a file of more rows than the limit (422)', async () => {
    const before = await importCounts(testApp);
    const tooLarge = await upload(testApp, USERS.socialWorker, childId, 'huge.csv', Buffer.alloc(testApp.config.import.maxFileBytes + 1, 'a'));
    expect([tooLarge.status, tooLarge.body.code]).toEqual([413, 'IMPORT_FILE_TOO_LARGE']);
    const tooLong = await upload(testApp, USERS.socialWorker, childId, 'long.csv', longChronologyCsv(testApp.config.import.maxRows + 1));
    expect([tooLong.status, tooLong.body.code]).toEqual([422, 'IMPORT_TOO_MANY_ROWS']);
    expect(await importCounts(testApp)).toEqual(before);
  });

  describe('a malformed upload: 400 with what is wrong with it, never a fault, nothing kept', () => {
    let bearer: string;
    const uploadTo = () => request(testApp.baseUrl).post(`/api/children/${childId}/imports`).set('Authorization', bearer);
    const csv = Buffer.from('a,b\n1,2\n');
    const refusedWithFileNamed = async (response: request.Response, problem: RegExp) => {
      expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(response.body.message).toMatch(/field named "file"/);
      expect(response.body.details).toEqual([{ field: 'file', problem: expect.stringMatching(problem) }]);
    };
    let before: Awaited<ReturnType<typeof importCounts>>;
    beforeEach(async () => {
      bearer = `Bearer ${await testApp.tokenFor(USERS.socialWorker)}`;
      before = await importCounts(testApp);
    });
    afterEach(async () => {
      expect(await importCounts(testApp)).toEqual(before);
    });

    it('a file sent in a field of another name', async () => {
      await refusedWithFileNamed(await uploadTo().attach('notfile', csv, 'a.csv'), /no file came in the field named "file": a file came in a field named "notfile"/);
    });

    it('the file given twice', async () => {
      await refusedWithFileNamed(await uploadTo().attach('file', csv, 'a.csv').attach('file', csv, 'a.csv'), /one file at a time/);
      await refusedWithFileNamed(await uploadTo().attach('file', csv, 'a.csv').attach('other', csv, 'b.csv'), /one file at a time/);
    });

    it('a body cut short, or not multipart at all', async () => {
      const cutShort = await uploadTo()
        .set('Content-Type', 'multipart/form-data; boundary=XYZ')
        .send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nDate,Event\r\n2016,x');
      await refusedWithFileNamed(cutShort, /not a well-formed multipart\/form-data upload/);
      const garbage = await uploadTo().set('Content-Type', 'multipart/form-data; boundary=xyz').send(Buffer.from('garbage'));
      await refusedWithFileNamed(garbage, /not a well-formed multipart\/form-data upload/);
      const noBoundary = await uploadTo().set('Content-Type', 'multipart/form-data').send(Buffer.from('garbage'));
      await refusedWithFileNamed(noBoundary, /not a well-formed multipart\/form-data upload/);
    });

    it('form fields beyond the few an upload has', async () => {
      let tooMany = uploadTo().attach('file', csv, 'a.csv');
      for (let index = 0; index < 12; index += 1) tooMany = tooMany.field(`extra${index}`, 'x');
      const response = await tooMany;
      expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(response.body.details).toEqual([{ problem: expect.stringMatching(/too many fields.*"file"/) }]);
      const longWorksheet = await uploadTo().field('worksheet', 'x'.repeat(5000)).attach('file', csv, 'a.csv');
      expect([longWorksheet.status, longWorksheet.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(longWorksheet.body.details).toEqual([{ field: 'worksheet', problem: expect.stringMatching(/longer than/) }]);
    });

    it('a body that is not multipart/form-data: 415, saying how to send the file', async () => {
      const csvBody = await uploadTo().set('Content-Type', 'text/csv').send('Date,Event\n2016,x\n');
      expect([csvBody.status, csvBody.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const json = await uploadTo().send({ file: 'Date,Event\n2016,x\n' });
      expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      expect(json.body.message).toMatch(/multipart\/form-data, in a field named "file"/);
    });
  });

  it('imports a 10,000-row file whole', async () => {
    const child = await createChildWithTeam(testApp, [{ username: USERS.socialWorker, capacity: 'allocated-social-worker' }]);
    const uploaded = await upload(testApp, USERS.socialWorker, child, 'long.csv', longChronologyCsv(10_000));
    expect(uploaded.status).toBe(201);
    const socialWorker = apiFor(testApp, USERS.socialWorker);
    const preview = await socialWorker.post(`/api/imports/${uploaded.body.importId}/preview`, { mapping: LONG_MAPPING });
    expect(preview.body.counts).toEqual({ rows: 10_000, ready: 10_000, duplicates: 0, withProblems: 0 });
    const committed = await socialWorker.post(`/api/imports/${uploaded.body.importId}/commit`, { mapping: LONG_MAPPING });
    expect(committed.body).toMatchObject({ created: 10_000 });
    const [{ count }] = await testApp.ownerQuery<{ count: number }>(`SELECT count(*)::int AS count FROM chronology_entries WHERE child_id = $1`, [child]);
    expect(count).toBe(10_000);
  });

  it('writes no entry at all when the database fails part-way through a commit', async () => {
    const child = await createChildWithTeam(testApp, [{ username: USERS.socialWorker, capacity: 'allocated-social-worker' }]);
    const uploaded = await upload(testApp, USERS.socialWorker, child, 'long.csv', longChronologyCsv(2500));
    await testApp.ownerQuery(`
      CREATE FUNCTION test_fail_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.summary LIKE 'Contact number 2400 %' THEN RAISE EXCEPTION 'simulated failure'; END IF;
        RETURN NEW;
      END $$`);
    await testApp.ownerQuery(`CREATE TRIGGER tr_test_fail_row BEFORE INSERT ON chronology_entry_versions FOR EACH ROW EXECUTE FUNCTION test_fail_row()`);
    try {
      const before = await importCounts(testApp);
      const committed = await apiFor(testApp, USERS.socialWorker).post(`/api/imports/${uploaded.body.importId}/commit`, { mapping: LONG_MAPPING });
      expect(committed.status).toBeGreaterThanOrEqual(500);
      expect(await importCounts(testApp)).toEqual(before);
    } finally {
      await testApp.ownerQuery(`DROP TRIGGER tr_test_fail_row ON chronology_entry_versions`);
      await testApp.ownerQuery(`DROP FUNCTION test_fail_row()`);
    }
  });

  it("refuses the whole import when a column fills a field the uploader's agency may not write, writing nothing", async () => {
    const uploaded = await upload(testApp, USERS.mentor, childId, 'chronology-utf8.csv');
    expect(uploaded.status).toBe(201);
    const mentor = apiFor(testApp, USERS.mentor);
    const mapping = { columns: { Date: 'eventDate', Event: 'eventType', 'What happened': 'summary', Details: 'detail', Action: 'actionTaken' }, eventTypes: { 'Home visit': 'mentoring-match', 'CP conf': 'concern-raised', 'School exclusion': 'exclusion' } };
    const before = await importCounts(testApp);
    for (const step of ['preview', 'commit']) {
      const response = await mentor.post(`/api/imports/${uploaded.body.importId}/${step}`, { mapping });
      expect([response.status, response.body.code]).toEqual([403, 'FIELD_NOT_WRITABLE']);
      expect(response.body.details).toEqual([{ field: 'detail', problem: expect.any(String) }]);
    }
    expect(await importCounts(testApp)).toEqual(before);
    const { Details: _detail, ...withoutDetail } = mapping.columns;
    const committed = await mentor.post(`/api/imports/${uploaded.body.importId}/commit`, { mapping: { ...mapping, columns: withoutDetail } });
    expect(committed.body).toMatchObject({ created: 4 });
  });
});
