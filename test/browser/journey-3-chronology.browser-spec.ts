import { Journey } from './support/browser';
import { follow, journeyAgainstTestApp, signInAs, tableRows } from './support/journeys';

const CAPTION = 'in date order';
const ANTENATAL = 'Antenatal home visit at 32 weeks';

/**
 * Journey 3: the child's chronology. A health visitor reads Isla's chronology as a table with a
 * timeline above it, narrows it with the filters (kept in the address, so the view can be
 * bookmarked); a police officer on the same team sees the health visitor's sensitive entry in its
 * place, withheld, with who holds it, and not its text.
 */
describe('Journey 3: the chronology', () => {
  const run = journeyAgainstTestApp('journey-3', { signedInAs: 'Helen Hughes' });
  let filteredAddress = '';

  it('shows the chronology in date order, with the timeline above it', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: 'Isla Brennan' }));
    expect(new URL(page.url()).pathname).toMatch(/^\/child\/[0-9a-f-]{36}\/chronology$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Isla Brennan');
    const rows = await tableRows(page, CAPTION);
    expect(rows.length).toBe(12);
    expect(rows[0][0]).toBe('26 Mar 2024');
    expect(rows[0][1]).toBe('Before birth');
    expect(rows[0][2]).toContain('Significant');
    expect(rows[0][4]).toContain(ANTENATAL);
    // Date order, as recorded: each year no earlier than the one before.
    const years = rows.map((row) => Number(/\d{4}/.exec(row[0])![0]));
    expect(years).toEqual([...years].sort((a, b) => a - b));
    const timeline = page.getByRole('img', { name: 'Timeline of the entries by agency' });
    expect(await timeline.isVisible()).toBe(true);
    expect(await page.locator('svg[role="img"] desc').textContent()).toMatch(/^12 entries from 3 agencies/);
    expect(await page.getByRole('navigation', { name: 'About this child' }).getByRole('link', { name: 'Add an entry' }).getAttribute('href')).toMatch(/\/entries\/new$/);
    expect(await page.getByRole('navigation', { name: 'About this child' }).getByRole('link', { name: 'Print a chronology' }).getAttribute('href')).toMatch(/\/print$/);
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('chronology');
  });

  it('filters with the form, keeping the filters in the address', async () => {
    const { page } = run.journey;
    await page.getByText('Filter the chronology').click();
    await page.getByRole('checkbox', { name: 'NHS Lanarkshire' }).check();
    await page.getByRole('checkbox', { name: 'Significant events only' }).check();
    await follow(page, page.getByRole('button', { name: 'Apply filters' }));
    const address = new URL(page.url());
    expect(address.searchParams.getAll('agency')).toEqual(['nhs-lanarkshire']);
    expect(address.searchParams.get('significant')).toBe('true');
    const rows = await tableRows(page, CAPTION);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(12);
    for (const row of rows) {
      expect(row[2]).toContain('Significant');
      expect(row[3]).toMatch(/^NHS Lanarkshire/);
    }
    expect(await page.getByRole('checkbox', { name: 'NHS Lanarkshire' }).isChecked()).toBe(true);
    filteredAddress = page.url();
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('chronology-filtered');
  });

  it('gives the same view from a bookmark', async () => {
    const { page } = run.journey;
    const before = await tableRows(page, CAPTION);
    const bookmarked = await run.journey.context.newPage();
    await bookmarked.goto(filteredAddress);
    expect(await tableRows(bookmarked, CAPTION)).toEqual(before);
    expect(await bookmarked.getByRole('checkbox', { name: 'Significant events only' }).isChecked()).toBe(true);
    await bookmarked.close();
  });

  it('shows problems with the filters in an error summary', async () => {
    const { page } = run.journey;
    await page.goto(filteredAddress.replace(/\?.*$/, '?from-day=31&from-month=2&from-year=2025&wellbeingIndicator=happy'));
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The start of the period must be a real date');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Choose wellbeing indicators from the list');
    await run.journey.check('chronology-filter-problems');
  });

  it('is usable at 320 px wide and prints without the navigation and filters', async () => {
    const { page } = run.journey;
    await page.goto(filteredAddress.replace(/\?.*$/, ''));
    await page.setViewportSize({ width: 320, height: 800 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('chronology-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByText('Filter the chronology').isVisible()).toBe(false);
    expect(await page.locator('.app-child-navigation').isVisible()).toBe(false);
    expect(await page.getByRole('img', { name: 'Timeline of the entries by agency' }).isVisible()).toBe(true);
    await run.journey.check('chronology-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it("shows a police officer on the team the health visitor's sensitive entry as withheld, with who holds it, not its text", async () => {
    // A browser of the officer's own, as they would have.
    const police = await Journey.start(run.journey.context.browser()!, 'journey-3-police');
    const { page } = police;
    await page.goto(`${run.testApp.baseUrl}/`);
    await signInAs(page, 'Jamie Reid');
    await follow(page, page.getByRole('link', { name: 'Isla Brennan' }));
    const rows = await tableRows(page, CAPTION);
    const antenatal = rows.find((row) => row[0] === '26 Mar 2024')!;
    expect(antenatal[3]).toBe('NHS Lanarkshire');
    expect(antenatal[4]).toMatch(/^Summary withheld Withheld — held by NHS Lanarkshire, contact Public Health Nursing Team \(Airdrie\), 01632 960101/);
    expect(await page.locator('main').innerText()).not.toContain(ANTENATAL);
    // The restricted entry the officer may not even see the date of is counted above the table, with who holds it.
    expect(await page.locator('.app-chronology__undated').innerText()).toContain('1 restricted entry withheld, dates not shown — held by NHS Lanarkshire');
    await police.expectNoSidewaysScroll();
    await police.check('chronology');
    await police.close();
  });
});
