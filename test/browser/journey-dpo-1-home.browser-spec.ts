import { follow, journeyAgainstTestApp, signInAs, tableRows } from './support/journeys';

/**
 * The data protection officer's home: the alert counts, and finding a child to audit by identifier
 * or by name and date of birth (identity only, audited as the DPO's look-up). The header links to
 * the area only for a role the policy lets in.
 */
describe("Journey DPO 1: the data protection officer's home and finding a child", () => {
  const run = journeyAgainstTestApp('journey-dpo-1', { signedInAs: 'Catriona Baird' });
  const RESULTS = 'Children matching your look-up';

  const lookUp = async (fields: { name?: string; day?: string; month?: string; year?: string; identifier?: string }) => {
    const { page } = run.journey;
    if (fields.name) await page.getByLabel('Name', { exact: true }).fill(fields.name);
    if (fields.day) await page.getByLabel('Day').fill(fields.day);
    if (fields.month) await page.getByLabel('Month').fill(fields.month);
    if (fields.year) await page.getByLabel('Year').fill(fields.year);
    if (fields.identifier) await page.getByLabel('Identifier').fill(fields.identifier);
    await follow(page, page.getByRole('button', { name: 'Search' }));
  };

  it('links to the area from the header, and shows how many alerts each report holds', async () => {
    const { page } = run.journey;
    expect((await page.getByRole('navigation').getByRole('link').allTextContents()).map((text) => text.trim())).toEqual(['My children', 'Find a child', 'Request access', 'Data protection']);
    await follow(page, page.getByRole('link', { name: 'Data protection' }));
    expect(new URL(page.url()).pathname).toBe('/dpo');
    const counts = (await page.locator('.app-alert-count').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(counts).toEqual([
      expect.stringMatching(/^1 Claimed and emergency access awaiting review$/),
      expect.stringMatching(/^\d+ Access by people not on the child's team$/),
      expect.stringMatching(/^\d+ Access outside working hours$/),
      expect.stringMatching(/^\d+ People who opened many children's records in a short time$/),
    ]);
    await run.journey.check('home');
  });

  it('finds a child by identifier or by name and date of birth, identity only, and records the look-up', async () => {
    const { page } = run.journey;
    await lookUp({ identifier: '210 524 3649' });
    expect(await tableRows(page, RESULTS)).toEqual([[expect.stringContaining('Isla Brennan'), '21 May 2024', 'CHI number: 2105243649']]);
    await run.journey.check('found-by-identifier');
    await page.goto(`${run.testApp.baseUrl}/dpo/find-a-child`);
    await lookUp({ name: 'Isla', day: '21', month: '5', year: '2024' });
    expect((await tableRows(page, RESULTS)).map((row) => row[0])).toEqual([expect.stringContaining('Isla Brennan')]);
    const [{ count }] = await run.testApp.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM audit.events e JOIN practitioners p ON p.subject = e.actor_subject WHERE p.name = 'Catriona Baird' AND e.action = 'audit.child-lookup' AND e.child_id IS NOT NULL`,
    );
    expect(count).toBe(2);
  });

  it('asks for something to look up by, the design system\'s way', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/dpo/find-a-child`);
    await lookUp({ day: '31', month: '2', year: '2024' });
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Date of birth must be a real date');
    await run.journey.check('find-a-child-error');
    await page.goto(`${run.testApp.baseUrl}/dpo/find-a-child`);
    await lookUp({ identifier: '0000000000' });
    expect(await page.locator('#results').textContent()).toBe('0 children found');
  });

  it('is usable at 320 px wide', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/dpo`);
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('home-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
  });

  it('is not offered to a practitioner, whose role the policy does not let in, and refuses them', async () => {
    const { page } = run.journey;
    // A fresh browser: the provider would otherwise still know Catriona.
    await run.journey.context.clearCookies();
    await page.goto(`${run.testApp.baseUrl}/`);
    await signInAs(page, 'Fiona Morrison');
    expect((await page.getByRole('navigation').getByRole('link').allTextContents()).map((text) => text.trim().replace(/\s+/g, ' '))).toEqual(['My children', 'Find a child', 'Request access', expect.stringMatching(/^Notifications( \d+ unread)?$/)]);
    const response = await page.goto(`${run.testApp.baseUrl}/dpo`);
    expect(response?.status()).toBe(403);
    await run.journey.check('refused-to-a-practitioner');
  });
});
