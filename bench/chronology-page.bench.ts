import { USERS } from '../test/support/fixtures';
import { ENTRIES } from '../test/support/long-chronology';
import { signInSession } from '../test/support/sessions';
import type { TestApp } from '../test/support/test-app';
import { measureInterleaved, printTable, readBody, round, verdict } from './bench-support';

const ROUNDS = 100;

/**
 * The chronology page (journey 3) for the 2,000-entry child, table and timeline, against the JSON
 * read of the same entries by the same police user: the page adds the child's heading (its own read
 * and audit event), the filter form's choices, the view model, Nunjucks and the SVG.
 */
export async function benchmarkChronologyPage(testApp: TestApp, childId: string): Promise<Record<string, unknown>> {
  const pageUrl = `${testApp.baseUrl}/child/${childId}/chronology?pageSize=${ENTRIES}`;
  const apiUrl = `${testApp.baseUrl}/api/children/${childId}/chronology?pageSize=${ENTRIES}`;
  const pageHeaders = { cookie: await signInSession(testApp, USERS.police) };
  const apiHeaders = { authorization: `Bearer ${await testApp.tokenFor(USERS.police)}` };
  const sizes = { page: 0, json: 0 };
  const get = (url: string, headers: Record<string, string>, size: keyof typeof sizes) => async (): Promise<void> => {
    const { status, bytes } = await readBody(url, headers);
    if (status !== 200) throw new Error(`HTTP ${status} from ${url}`);
    sizes[size] = bytes;
  };
  const [page, json] = await measureInterleaved([get(pageUrl, pageHeaders, 'page'), get(apiUrl, apiHeaders, 'json')], ROUNDS);
  const ratio = page.p50 / json.p50;
  printTable(`6. Chronology page, ${ENTRIES} entries, police user (page ${(sizes.page / 1024).toFixed(0)} KiB of HTML, JSON ${(sizes.json / 1024).toFixed(0)} KiB)`, [
    ['GET /child/:id/chronology (HTML table and SVG timeline)', page],
    ['GET /api/children/:id/chronology (JSON), same entries', json],
  ]);
  verdict('ratio page/JSON (p50)', `${ratio.toFixed(2)}x`, '<= 1.5x', ratio <= 1.5);
  return { entries: ENTRIES, pageBytes: sizes.page, jsonBytes: sizes.json, page, json, ratioP50: round(ratio) };
}
