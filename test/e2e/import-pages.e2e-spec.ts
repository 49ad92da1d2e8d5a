import request from 'supertest';
import { createChildWithTeam, USERS } from '../support/fixtures';
import { importCounts } from '../support/import-api';
import { fixture } from '../support/import-fixtures';
import { formTokenOf, signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

/** The import pages over HTTP: the upload form's token is checked before anything is read or kept, and a refused file is the form's problem. */
describe('import pages', () => {
  let testApp: TestApp;
  let childId: string;
  let cookie: string;
  let token: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { IMPORT_MAX_FILE_BYTES: '2048' } });
    childId = await createChildWithTeam(testApp, [{ username: USERS.socialWorker, capacity: 'allocated-social-worker' }]);
    cookie = await signInSession(testApp, USERS.socialWorker);
    token = await formTokenOf(testApp, cookie);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const post = (fields: Record<string, string>, file?: { bytes: Buffer; name: string }) => {
    let req = request(testApp.baseUrl).post(`/child/${childId}/import`).set('Cookie', cookie);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return file ? req.attach('file', file.bytes, file.name) : req;
  };

  it('refuses an upload without the form token, keeping nothing', async () => {
    const before = await importCounts(testApp);
    const refused = await post({}, { bytes: fixture('chronology-utf8.csv'), name: 'chronology-utf8.csv' });
    expect(refused.status).toBe(403);
    const otherToken = await post({ _csrf: 'x'.repeat(43) }, { bytes: fixture('chronology-utf8.csv'), name: 'chronology-utf8.csv' });
    expect(otherToken.status).toBe(403);
    expect(await importCounts(testApp)).toEqual(before);
  });

  it('takes an upload with the token and sends the browser to check it', async () => {
    const before = await importCounts(testApp);
    const uploaded = await post({ _csrf: token }, { bytes: fixture('chronology-utf8.csv'), name: 'chronology-utf8.csv' });
    expect(uploaded.status).toBe(303);
    expect(uploaded.headers.location).toMatch(new RegExp(`^/child/${childId}/import/[0-9a-f-]{36}$`));
    expect((await importCounts(testApp)).imports).toBe(before.imports + 1);
    const check = await request(testApp.baseUrl).get(uploaded.headers.location).set('Cookie', cookie);
    expect(check.status).toBe(200);
    expect(check.headers['cache-control']).toContain('no-store');
    expect(check.text).toContain('Check chronology-utf8.csv');
  });

  it('says what the rows come to in words that fit: one entry, nothing new to record, a date in the future; checking again is the page (200)', async () => {
    const csv = (rows: string) => Buffer.from(`Date,Event,What happened,Action\n${rows}`);
    const upload = async (bytes: Buffer, name: string) => {
      const uploaded = await post({ _csrf: token }, { bytes, name });
      expect(uploaded.status).toBe(303);
      return uploaded.headers.location as string;
    };
    const checkPage = await upload(csv('03/06/2025,Concern raised,Seen at the station,Taken home\n'), 'one.csv');
    const again = await request(testApp.baseUrl).post(checkPage).set('Cookie', cookie).type('form').send({ _csrf: token, 'columnName-0': 'Date', 'column-0': 'eventDate', 'columnName-1': 'Event', 'column-1': 'eventType', 'columnName-2': 'What happened', 'column-2': 'summary', 'columnName-3': 'Action', 'column-3': 'actionTaken', 'eventWord-0': 'Concern raised', 'event-0': 'concern-raised' });
    expect(again.status).toBe(200);
    expect(again.text).toMatch(/Record 1 entry\s*</);
    const form = Object.fromEntries([...again.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name, value.replace(/&#39;/g, "'")]));
    const done = await request(testApp.baseUrl).post(`${checkPage}/commit`).set('Cookie', cookie).type('form').send(form);
    expect(done.status).toBe(303);
    expect((await request(testApp.baseUrl).get(done.headers.location).set('Cookie', cookie)).text).toMatch(/1 entry recorded/);
    // The same row again, in another file: every row repeats an entry the agency has.
    const repeat = await request(testApp.baseUrl).post(await upload(csv('03/06/2025,Concern raised,Seen at the station,Taken home\n'), 'again.csv')).set('Cookie', cookie).type('form').send(form);
    expect(repeat.text).not.toMatch(/Record 0 entries/);
    expect(repeat.text).toContain('Nothing new to record');
    const future = await request(testApp.baseUrl).post(await upload(csv('01/01/2090,Concern raised,Seen at the station,Taken home\n'), 'future.csv')).set('Cookie', cookie).type('form').send(form);
    expect(future.text).toContain('must not be in the future');
    expect(future.text).not.toContain('must be a real date');
  });

  it('tells the user, on the form, that a file is too large or cannot be read, keeping nothing', async () => {
    const before = await importCounts(testApp);
    const tooLarge = await post({ _csrf: token }, { bytes: Buffer.alloc(4096, 'a'), name: 'big.csv' });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.text).toContain('The file is larger than');
    const unreadable = await post({ _csrf: token }, { bytes: fixture('legacy.xls'), name: 'legacy.xls' });
    expect(unreadable.status).toBe(400);
    expect(unreadable.text).toContain('Excel 97-2003');
    const cutShort = await request(testApp.baseUrl)
      .post(`/child/${childId}/import`)
      .set('Cookie', cookie)
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send(`--XYZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nDate,Event\r\n2016,x`);
    expect(cutShort.status).toBe(400);
    expect(cutShort.text).toContain('govuk-error-summary');
    expect(cutShort.text).toContain('The file did not arrive whole');
    expect(await importCounts(testApp)).toEqual(before);
  });

  it('tells the user, on the form, that the upload named no file or more than one, keeping nothing', async () => {
    const before = await importCounts(testApp);
    const csv = fixture('chronology-utf8.csv');
    const wrongField = await request(testApp.baseUrl).post(`/child/${childId}/import`).set('Cookie', cookie).field('_csrf', token).attach('upload', csv, 'a.csv');
    expect(wrongField.status).toBe(400);
    expect(wrongField.text).toContain('govuk-error-summary');
    expect(wrongField.text).toContain('Choose a CSV or Excel file');
    const twoFiles = await post({ _csrf: token }, { bytes: csv, name: 'a.csv' }).attach('file', csv, 'b.csv');
    expect(twoFiles.status).toBe(400);
    expect(twoFiles.text).toContain('govuk-error-summary');
    expect(twoFiles.text).toContain('Choose one file');
    expect(await importCounts(testApp)).toEqual(before);
  });
});
