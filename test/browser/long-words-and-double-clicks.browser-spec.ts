import type { Page } from 'playwright-core';
import { follow, journeyAgainstTestApp } from './support/journeys';

const LONG_WORD = 'W'.repeat(300);
const PASTED_ADDRESS = `https://records.example.org/case/${'0123456789abcdef'.repeat(12)}?view=full&highlight=${'x'.repeat(80)}`;

/** Fills the add-entry form's essentials. */
async function fillEntry(page: Page, summary: string, action: string): Promise<void> {
  await page.locator('#eventDate-day').fill('9');
  await page.locator('#eventDate-month').fill('7');
  await page.locator('#eventDate-year').fill('2025');
  await page.locator('#eventType').selectOption({ label: 'Health assessment' });
  await page.getByLabel('Summary').fill(summary);
  await page.getByLabel('Action taken').fill(action);
}

/**
 * What a person types is shown however they typed it, and recorded once however they clicked:
 * one long word (or a pasted address) wraps rather than widen the chronology, and a double click
 * on "Save entry" over a slow network records one entry, not two.
 */
describe('Long words and double clicks', () => {
  const run = journeyAgainstTestApp('long-words-and-double-clicks', { signedInAs: 'Helen Hughes', context: { viewport: { width: 1280, height: 800 } } });
  let islaId: string;

  beforeAll(async () => {
    [{ id: islaId }] = await run.testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM children WHERE given_name = 'Isla'`);
  });

  const entriesWithSummary = async (summary: string): Promise<number> =>
    Number((await run.testApp.dataSource.query<{ count: string }[]>(`SELECT count(*) FROM chronology_entry_versions WHERE summary = $1 AND version_number = 1`, [summary]))[0].count);

  it('wraps one long word, and a pasted address, rather than widen the chronology', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/child/${islaId}/entries/new`);
    await fillEntry(page, LONG_WORD, PASTED_ADDRESS);
    await follow(page, page.getByRole('button', { name: 'Save entry' }));
    expect(new URL(page.url()).pathname).toBe(`/child/${islaId}/chronology`);
    expect(await page.getByRole('link', { name: LONG_WORD }).count()).toBe(1);
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('chronology-long-word');
    for (const width of [1024, 320]) {
      await page.setViewportSize({ width, height: 800 });
      await run.journey.expectNoSidewaysScroll();
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await follow(page, page.getByRole('link', { name: LONG_WORD }));
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('entry-long-word');
  });

  it('records one entry when "Save entry" is double-clicked while the network is slow', async () => {
    const { page } = run.journey;
    const summary = `Double-clicked on a slow network ${Date.now()}`;
    await page.goto(`${run.testApp.baseUrl}/child/${islaId}/entries/new`);
    expect(await page.getByRole('button', { name: 'Save entry' }).getAttribute('data-prevent-double-click')).toBe('true');
    await fillEntry(page, summary, 'None yet.');
    // Each post reaches the server at once, as over a real network; its answer comes back late.
    await page.route(`**/child/${islaId}/entries/new`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch({ maxRedirects: 0 });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // The browser has given up on a post that a second one replaced: nothing to answer.
      await route.fulfill({ response }).catch(() => undefined);
    });
    // A double click as a person makes one: the second click a moment after the first, once its post is on its way.
    // The mouse, not the locator's click, which would wait for the first post's navigation to end.
    const box = (await page.getByRole('button', { name: 'Save entry' }).boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(300);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // Whichever post the browser kept, it lands on the chronology (a second post aborts the first's navigation).
    for (let waited = 0; !new URL(page.url()).pathname.endsWith('/chronology') && waited < 15_000; waited += 100) await page.waitForTimeout(100);
    await page.waitForLoadState();
    await page.unrouteAll({ behavior: 'wait' });
    expect(await entriesWithSummary(summary)).toBe(1);
    await run.journey.check('chronology-after-double-click');
  });
});
