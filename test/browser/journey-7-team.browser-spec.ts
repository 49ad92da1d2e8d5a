import { follow, journeyAgainstTestApp, tableRows } from './support/journeys';

/** Journey 7: the team around the child: who is on it, in what capacity, since when, and whom to contact in each agency. */
describe('Journey 7: the team around the child', () => {
  const run = journeyAgainstTestApp('journey-7', { signedInAs: 'Alan Campbell' });

  it('shows who is on the team now and who was, with capacity and dates, and whom to contact in each agency', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: 'Lewis Quinn' }));
    await follow(page, page.getByRole('link', { name: 'Team around the child', exact: true }));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lewis Quinn');
    expect(await tableRows(page, 'On the team now')).toEqual([
      ['Alan Campbell Head teacher', 'Named person', 'Calderbank Community School', '17 August 2021'],
      ['Jamie Reid Police constable, Concern Hub', 'Police contact', 'Police Scotland', '14 March 2025'],
    ]);
    expect(await tableRows(page, 'Were on the team')).toEqual([['Priya Patel Social worker', 'Allocated social worker', 'North Lanarkshire Council Social Work Services', '22 April 2025', '31 March 2026']]);
    const contacts = await page.locator('.govuk-summary-list__row').allInnerTexts();
    expect(contacts.map((row) => row.replace(/\s+/g, ' '))).toEqual([
      'Calderbank Community School Education Pupil Support Office (3-18 campus), 01632 960202, pupilsupport.calderbank@example.org',
      'Police Scotland Police Lanarkshire Division Concern Hub, 01632 960303, concernhub.lanarkshire@example.org',
    ]);
    await run.journey.check('team');
  });

  it('is usable at 320 px wide and prints cleanly', async () => {
    const { page } = run.journey;
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('team-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-child-navigation').isVisible()).toBe(false);
    await run.journey.check('team-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('gives the same "page not found" for a child not on one\'s team as for no child at all', async () => {
    const { page } = run.journey;
    const [isla] = await run.testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM children WHERE given_name = 'Isla'`);
    const response = await page.goto(`${run.testApp.baseUrl}/child/${isla.id}/team`);
    expect(response?.status()).toBe(404);
    const notOnTeam = await page.locator('main').innerText();
    await run.journey.check('team-not-found');
    const missing = await page.goto(`${run.testApp.baseUrl}/child/00000000-0000-4000-8000-000000000000/team`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('main').innerText()).toBe(notOnTeam);
  });
});
