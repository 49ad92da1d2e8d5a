import { follow, journeyAgainstTestApp, tableRows } from './support/journeys';

/** The register of disclosures and of sharing decisions, across the organisation and for one child. */
describe('Journey DPO 6: the register of disclosures and sharing decisions', () => {
  const run = journeyAgainstTestApp('journey-dpo-6', { signedInAs: 'Catriona Baird' });

  it('lists every disclosure and sharing decision across the organisation, with purpose and lawful basis', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: 'Data protection' }));
    await follow(page, page.getByRole('link', { name: 'Register of disclosures and sharing decisions' }));
    const decisions = await tableRows(page, 'Sharing decisions');
    expect(decisions).toContainEqual([
      expect.any(String),
      'Shared',
      'Jamie Reid Police Scotland',
      'North Lanarkshire Council Social Work Services',
      expect.stringMatching(/^The allocated social worker is preparing Isla's child protection plan.* UK GDPR Art\. 6\(1\)\(e\)/),
      expect.stringMatching(/^Not informed: Telling the household could alert the former partner/),
    ]);
    const disclosures = await tableRows(page, 'Disclosures');
    expect(disclosures).toContainEqual([expect.any(String), expect.stringMatching(/^An entry shared \(1 entry\)/), 'Jamie Reid Police Scotland', 'North Lanarkshire Council Social Work Services', expect.any(String)]);
    await run.journey.check('disclosures');
  });

  it("shows one child's, from the child's access page", async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/dpo`);
    await page.getByLabel('Identifier').fill('0309162157');
    await follow(page, page.getByRole('button', { name: 'Search' }));
    await follow(page, page.getByRole('link', { name: /Who has looked at this record/ }));
    await follow(page, page.getByRole('link', { name: 'Disclosures and sharing decisions about this child' }));
    expect(await tableRows(page, 'Sharing decisions')).not.toContainEqual(expect.arrayContaining(['Jamie Reid Police Scotland']));
    await run.journey.check('disclosures-lewis');
  });

  it('says what is wrong with the date', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/dpo/disclosures?since-day=31&since-month=2&since-year=2026`);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The date must be a real date');
    await run.journey.check('disclosures-problem');
    await page.setViewportSize({ width: 320, height: 700 });
    await page.goto(`${run.testApp.baseUrl}/dpo/disclosures`);
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('disclosures-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
  });
});
