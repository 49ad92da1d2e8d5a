import request from 'supertest';
import { apiFor, USERS } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('GET /api/record-of-processing', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('requires authentication', async () => {
    await request(testApp.baseUrl).get('/api/record-of-processing').expect(401);
  });

  it('is for data protection officers', async () => {
    expect((await apiFor(testApp, USERS.socialWorker).get('/api/record-of-processing')).status).toBe(403);
  });

  it('is made from the configuration in force, with the digest of each file, and audited', async () => {
    const response = await apiFor(testApp, USERS.dpo).get('/api/record-of-processing');
    expect(response.status).toBe(200);
    expect(response.body.madeFrom.map((source: { file: string }) => source.file).sort()).toEqual(['access-policy.json', 'export-audiences.json', 'records-management.json']);
    expect(response.body.recipients.length).toBeGreaterThan(3);
    expect(response.body.retention.map((row: { id: string }) => row.id)).toContain('child-health-record');
    const [{ count }] = await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM audit.events WHERE action = 'record-of-processing.read' AND outcome = 'success'`);
    expect(count).toBe(1);
  });

  it('downloads as CSV or Markdown, and refuses any other format', async () => {
    const csv = await apiFor(testApp, USERS.dpo).get('/api/record-of-processing?format=csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="record-of-processing.csv"');
    expect(csv.text.split('\r\n')[0]).toContain('recipient_agency_types');
    const markdown = await apiFor(testApp, USERS.dpo).get('/api/record-of-processing?format=md');
    expect(markdown.text).toContain('# Record of processing activities');
    const refused = await apiFor(testApp, USERS.dpo).get('/api/record-of-processing?format=xml');
    expect(refused.status).toBe(400);
  });
});
