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

/** A CSV chronology of `rows` distinct entries with a paragraph of detail each, as a large agency file would be. */
export function longChronologyCsv(rows: number): Buffer {
  const lines = ['Date,Event,What happened,Details,Action'];
  for (let index = 0; index < rows; index += 1) {
    const day = new Date(Date.UTC(2010, 0, 1) + (index % 5000) * 86_400_000);
    const date = `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;
    lines.push(
      `${date},Concern raised,Contact number ${index + 1} recorded from the agency file,"Worker spoke with the family about the week's events; school attendance, health appointments and contact arrangements were discussed, and the family agreed the next steps.",Reviewed by the team`,
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}
