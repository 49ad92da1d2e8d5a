import { readFileSync } from 'node:fs';
import { follow, journeyAgainstTestApp, tableRows } from './support/journeys';

/**
 * A data subject's rights in the data protection officer's pages: a subject access request recorded
 * (every problem at once first), its deadline shown, a JSON pack produced and listed with its
 * checksum; and a legal hold placed on a child's records and lifted.
 */
describe('Journey DPO 7: subject access requests and legal holds', () => {
  const run = journeyAgainstTestApp('journey-dpo-7', { signedInAs: 'Catriona Baird' });

  it('says everything wrong with a request at once', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: 'Data protection' }));
    await follow(page, page.getByRole('link', { name: 'Subject access requests' }));
    await follow(page, page.getByRole('button', { name: 'Record a request' }));
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2026');
    await follow(page, page.getByRole('button', { name: 'Record the request' }));
    const summary = await page.locator('.govuk-error-summary').innerText();
    for (const problem of ["Enter the child's identifier", 'Enter the name of the person who asked', 'Select who asked', 'The date received must be a real date']) expect(summary).toContain(problem);
    await run.journey.check('subject-access-problems');
  });

  it('records a request for a child found by identifier, and shows its deadline', async () => {
    const { page } = run.journey;
    await page.getByLabel("The child's identifier").fill('2105243649');
    await page.getByLabel('Name of the person who asked').fill('Morag Brennan');
    await page.getByLabel('Someone with parental responsibility').check();
    await page.getByLabel('Day').fill('10');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await follow(page, page.getByRole('button', { name: 'Record the request' }));
    expect(await page.locator('h1').innerText()).toBe('Request by Morag Brennan');
    const rows = (await page.locator('.govuk-summary-list__row').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
    expect(rows).toContain('Received 10 November 2026');
    expect(rows).toContainEqual(expect.stringMatching(/^Due 10 December 2026 · (-?\d+ days? (left|overdue))$/));
    await run.journey.check('subject-access-request');
  });

  it('produces the JSON pack as a download, and lists it with its checksum', async () => {
    const { page } = run.journey;
    await page.getByLabel('JSON (machine-readable)').check();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the pack' }).click()]);
    const pack = JSON.parse(readFileSync(await file.path(), 'utf8')) as { child: { name: string }; entries: unknown[] };
    expect(pack.child.name).toContain('Isla');
    expect(pack.entries.length).toBeGreaterThan(0);
    await page.reload();
    const packs = await tableRows(page, 'Packs produced (1)');
    expect(packs).toEqual([[expect.stringMatching(/ by Catriona Baird$/), expect.stringMatching(/^JSON, \d+ bytes$/), expect.any(String), expect.stringMatching(/^[0-9a-f]{64}$/)]]);
    await follow(page, page.getByRole('link', { name: 'Back to subject access requests' }));
    expect(await tableRows(page, 'Requests (1)')).toEqual([[expect.stringContaining('10 November 2026'), expect.stringContaining('Morag Brennan'), expect.stringMatching(/Open|Overdue/), '10 December 2026', expect.any(String)]]);
    await run.journey.check('subject-access-list');
  });

  it('places a legal hold on a child’s records, and lifts it', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/dpo`);
    await follow(page, page.getByRole('link', { name: 'Retention and legal holds' }));
    await follow(page, page.getByRole('button', { name: 'Place a legal hold' }));
    await page.getByLabel("One child's records").check();
    await page.getByLabel("The child's identifier (for a hold on one child)").fill('2105243649');
    await page.getByLabel('Why the records must be kept').fill('Preservation request covering children in care');
    await page.getByLabel('Who asked for it').fill('Scottish Child Abuse Inquiry');
    await run.journey.check('legal-hold-new');
    await follow(page, page.getByRole('button', { name: 'Place the hold' }));
    expect(await tableRows(page, 'Legal holds (1)')).toEqual([
      [expect.stringMatching(/^One child's records /), 'Preservation request covering children in care Asked for by Scottish Child Abuse Inquiry', expect.stringMatching(/ by Catriona Baird$/), expect.stringMatching(/^Standing Lift/)],
    ]);
    await run.journey.check('retention');
    await follow(page, page.getByRole('link', { name: /^Lift/ }));
    await page.getByLabel('Why the hold is lifted').fill('The inquiry released its preservation request');
    await follow(page, page.getByRole('button', { name: 'Lift the hold' }));
    expect((await tableRows(page, 'Legal holds (1)'))[0][3]).toMatch(/^Lifted on .*: The inquiry released its preservation request$/);
  });

  it('is usable at 320 px wide', async () => {
    const { page } = run.journey;
    await page.setViewportSize({ width: 320, height: 700 });
    await page.goto(`${run.testApp.baseUrl}/dpo/subject-access`);
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('subject-access-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
  });
});
