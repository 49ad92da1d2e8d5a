import { ukDateTime } from '../../src/web/view-filters';
import { practitionerId, USERS } from '../support/fixtures';
import { follow, journeyAgainstTestApp, tableRows } from './support/journeys';

/**
 * Journey 2, with JavaScript off: find a child by name, date of birth or identifier. A child one is
 * not on the team of gives exactly the page a child that does not exist gives, and the page shows
 * how to ask for access: self-claimed or emergency, with a reason, the DPO alerted, until when.
 */
describe('Journey 2: find a child, or ask for access (JavaScript off)', () => {
  const run = journeyAgainstTestApp('journey-2', { context: { javaScriptEnabled: false }, signedInAs: 'Fiona Morrison' });
  const RESULTS = 'Children matching your search';


  const search = async (fields: { name?: string; day?: string; month?: string; year?: string; identifier?: string }) => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/find-a-child`);
    if (fields.name) await page.getByLabel('Name', { exact: true }).fill(fields.name);
    if (fields.day) await page.getByLabel('Day').fill(fields.day);
    if (fields.month) await page.getByLabel('Month').fill(fields.month);
    if (fields.year) await page.getByLabel('Year').fill(fields.year);
    if (fields.identifier) await page.getByLabel('Identifier').fill(fields.identifier);
    await follow(page, page.getByRole('button', { name: 'Search' }));
  };

  it('asks for at least one thing to search by, the design system\'s way', async () => {
    await follow(run.journey.page, run.journey.page.getByRole('link', { name: 'Find a child' }).first());
    await run.journey.check('find-a-child');
    await search({});
    expect(await run.journey.page.locator('.govuk-error-summary').textContent()).toContain('Enter a name, a date of birth or an identifier');
    await run.journey.check('find-a-child-nothing-entered');
    await search({ day: '31', month: '2', year: '2011' });
    expect(await run.journey.page.locator('#dateOfBirth-error').textContent()).toContain('Date of birth must be a real date');
    expect(await run.journey.page.getByLabel('Day').inputValue()).toBe('31');
  });

  it.each([
    ['name', { name: 'connor' }],
    ['date of birth', { day: '28', month: '7', year: '2011' }],
    ['identifier', { identifier: '280 711 4091' }],
  ])('finds a child on the team by %s', async (by, fields) => {
    await search(fields);
    const rows = await tableRows(run.journey.page, RESULTS);
    expect(rows.map((row) => row[0])).toEqual(['Connor Mitchell (known as Con)']);
    if (by === 'name') await run.journey.check('found-by-name');
  });

  it('says nothing about a child one is not on the team of: the page is the one a child who does not exist gives', async () => {
    const { page } = run.journey;
    await search({ name: 'Isla', identifier: '2105243649' });
    const notOnTeam = await page.locator('main').innerText();
    await run.journey.check('not-found');
    await search({ name: 'Nobody', identifier: '9999999999' });
    expect(await page.locator('main').innerText()).toBe(notOnTeam);
    expect(notOnTeam).toContain('0 children found');
    expect(notOnTeam).toContain('request access');
    // Nothing searched for went into an address.
    expect(page.url()).toBe(`${run.testApp.baseUrl}/find-a-child`);
  });

  it('asks for access with a reason, says the DPO is alerted and when access ends, then shows the child', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: 'request access', exact: true }));
    expect(await page.locator('main').innerText()).toMatch(/data protection officer is alerted[\s\S]*72 hours[\s\S]*4 hours/);
    await run.journey.check('request-access');
    await follow(page, page.getByRole('button', { name: 'Request access' }));
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/Select the kind of identifier[\s\S]*Enter the child's identifier[\s\S]*Select why you need access/);
    await run.journey.check('request-access-problems');

    await page.getByLabel('CHI number').check();
    await page.getByLabel('Identifier').fill('2105243649');
    await page.getByLabel('I work with this child').check();
    await page.getByLabel('Your reason').fill('Isla has started at our nursery class; I am her key worker.');
    await follow(page, page.getByRole('button', { name: 'Request access' }));
    expect(new URL(page.url()).pathname).toBe('/request-access/granted');
    const [claim] = await run.testApp.dataSource.query<{ kind: string; reason: string; expires_at: Date }[]>(
      // The newest: the demo's month of history holds an earlier claim of this teacher's.
      'SELECT kind, reason, expires_at FROM access_claims WHERE practitioner_id = $1 ORDER BY granted_at DESC LIMIT 1',
      [await practitionerId(run.testApp, USERS.teacher)],
    );
    expect(claim).toMatchObject({ kind: 'self-claimed', reason: 'Isla has started at our nursery class; I am her key worker.' });
    const main = await page.locator('main').innerText();
    expect(main).toContain(`Until ${ukDateTime(claim.expires_at)}`);
    expect(main).toContain('The data protection officer has been alerted');
    expect(main).toContain('Isla Brennan');
    await run.journey.check('access-granted');

    await follow(page, page.getByRole('link', { name: 'See the team around Isla' }));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Isla Brennan');
    await run.journey.check('claimed-child-team');
  });

  it('is usable at 320 px wide', async () => {
    await run.journey.page.setViewportSize({ width: 320, height: 700 });
    await search({ name: 'Mitchell' });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('found-phone');
  });
});
