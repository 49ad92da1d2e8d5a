import { follow, journeyAgainstTestApp, tableRows } from './support/journeys';

/**
 * The administrator: create a child's record with identifiers (every problem at once, as the API
 * checks them), then the team around the child: add a member with capacity and period, end an
 * involvement with a date; practitioners by agency; the access policy in words.
 */
describe('Journey admin 1: children, teams, practitioners and the policy (JavaScript off)', () => {
  const run = journeyAgainstTestApp('journey-admin-1', { context: { javaScriptEnabled: false }, signedInAs: 'Stuart Kerr' });

  it('creates a child record, telling every problem at once', async () => {
    const { page } = run.journey;
    // The header offers the administrator's area, and not the data protection officer's.
    expect((await page.getByRole('navigation').getByRole('link').allTextContents()).map((text) => text.trim())).toEqual(['My children', 'Find a child', 'Request access', 'Administration']);
    await follow(page, page.getByRole('link', { name: 'Administration' }));
    await run.journey.check('admin-home');
    await follow(page, page.getByRole('link', { name: "Create a child's record" }));
    await page.getByLabel('CHI number (optional)').fill('12345');
    await follow(page, page.getByRole('button', { name: 'Create the record' }));
    expect((await page.locator('.govuk-error-summary li').allInnerTexts()).map((text) => text.trim())).toEqual([
      'Enter the given name, in up to 100 characters',
      'Enter the family name, in up to 100 characters',
      'Enter the date of birth',
      'A CHI number must be 10 digits',
    ]);
    expect(await page.getByLabel('CHI number (optional)').inputValue()).toBe('12345');
    await run.journey.check('new-child-problems');
    await page.getByLabel('Given name').fill('Ava');
    await page.getByLabel('Family name').fill('Lindqvist');
    await page.getByLabel('Day').fill('4');
    await page.getByLabel('Month').fill('9');
    await page.getByLabel('Year').fill('2021');
    await page.getByLabel('CHI number (optional)').fill('040921 5432');
    await page.getByLabel('Police reference (optional)').fill('PS/2026/0042');
    await follow(page, page.getByRole('button', { name: 'Create the record' }));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Team around Ava Lindqvist');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain("The child's record has been created.");
    const [child] = await run.testApp.dataSource.query<{ given_name: string; identifiers: string[] }[]>(
      `SELECT c.given_name, array_agg(ci.scheme || ':' || ci.value ORDER BY ci.scheme) AS identifiers FROM children c JOIN child_identifiers ci ON ci.child_id = c.id WHERE c.family_name = 'Lindqvist' GROUP BY c.id`,
    );
    expect(child).toEqual({ given_name: 'Ava', identifiers: ['chi:0409215432', 'police-ref:PS/2026/0042'] });
  });

  it('adds a member to the team with capacity and period, all problems at once first', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('button', { name: 'Add to the team' }));
    expect((await page.locator('.govuk-error-summary li').allInnerTexts()).map((text) => text.trim())).toEqual([
      'Select who to add',
      'Select the capacity they work with the child in',
      'Enter the start date',
    ]);
    await run.journey.check('team-problems');
    await page.getByLabel('Who').selectOption({ label: 'Helen Hughes (NHS Lanarkshire)' });
    await page.getByLabel('Capacity').selectOption({ label: 'Health visitor' });
    const from = page.getByRole('group', { name: 'From' });
    await from.getByLabel('Day').fill('1');
    await from.getByLabel('Month').fill('11');
    await from.getByLabel('Year').fill('2026');
    await follow(page, page.getByRole('button', { name: 'Add to the team' }));
    expect(await tableRows(page, 'On the team now')).toEqual([['Helen Hughes', 'Health visitor', 'NHS Lanarkshire', '1 November 2026', 'Open', "End Helen Hughes's involvement"]]);
    await run.journey.check('team-added');
  });

  it('ends an involvement with a date', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: /End Helen Hughes/ }));
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('10');
    await page.getByLabel('Year').fill('2026');
    await follow(page, page.getByRole('button', { name: 'End the involvement' }));
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The end date must be the same as or after the start date');
    await run.journey.check('end-problem');
    await page.getByLabel('Day').fill('2');
    await page.getByLabel('Month').fill('11');
    await follow(page, page.getByRole('button', { name: 'End the involvement' }));
    expect(await tableRows(page, 'Were on the team')).toEqual([['Helen Hughes', 'Health visitor', 'NHS Lanarkshire', '1 November 2026', '2 November 2026']]);
    await run.journey.check('team-ended');
  });

  it('lists practitioners by agency, and the access policy in words', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/admin`);
    await follow(page, page.getByRole('link', { name: 'Practitioners by agency' }));
    expect(await tableRows(page, 'NHS Lanarkshire')).toContainEqual(['Helen Hughes', expect.any(String), 'Practitioner']);
    await run.journey.check('practitioners');
    await page.goto(`${run.testApp.baseUrl}/admin`);
    await follow(page, page.getByRole('link', { name: 'The access policy in words' }));
    expect(await page.locator('main').innerText()).toContain('Administrators in any agency may manage the team around a child.');
    await run.journey.check('policy');
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('policy-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
  });
});
