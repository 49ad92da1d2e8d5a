import request from 'supertest';
import { fixture } from './import-fixtures';
import { TestApp } from './test-app';

/** Uploads a fixture file (or the bytes given) for a child, as a demo user. */
export async function upload(testApp: TestApp, username: string, childId: string, name: string, bytes: Buffer = fixture(name)): Promise<request.Response> {
  return request(testApp.baseUrl)
    .post(`/api/children/${childId}/imports`)
    .set('Authorization', `Bearer ${await testApp.tokenFor(username)}`)
    .attach('file', bytes, name);
}

/** What an import can write, counted: to prove a refused one wrote nothing. */
export async function importCounts(testApp: TestApp): Promise<{ entries: number; versions: number; imports: number; committed: number; mappings: number }> {
  const [row] = await testApp.ownerQuery<{ entries: number; versions: number; imports: number; committed: number; mappings: number }>(
    `SELECT (SELECT count(*)::int FROM chronology_entries) AS entries, (SELECT count(*)::int FROM chronology_entry_versions) AS versions,
            (SELECT count(*)::int FROM imports) AS imports, (SELECT count(*)::int FROM imports WHERE committed_at IS NOT NULL) AS committed,
            (SELECT count(*)::int FROM import_mappings) AS mappings`,
  );
  return row;
}
