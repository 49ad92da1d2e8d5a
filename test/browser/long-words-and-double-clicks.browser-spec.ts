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
});
