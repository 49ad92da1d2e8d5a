import { follow, journeyAgainstTestApp, signInAs } from './support/journeys';

/** The mentoring charity's own page about Connor: its match, meetings and notes, a new note, and nobody else let in. */
describe("Mentoring: the charity's own page", () => {
  const run = journeyAgainstTestApp('mentoring', { signedInAs: 'Samir Ali' });
  let connorPage: string;

  beforeAll(async () => {
    const [{ id }] = await run.testApp.ownerQuery<{ id: string }>(`SELECT id FROM children WHERE given_name = 'Connor'`);
    connorPage = `${run.testApp.baseUrl}/child/${id}/mentoring`;
  });

  it("shows the mentor the match, its meetings and the notes, and keeps a new note", async () => {
    const { page } = run.journey;
    await page.goto(connorPage);
    expect(await page.getByRole('heading', { level: 2, name: 'Mentoring' }).isVisible()).toBe(true);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Samir Ali, from 12 May 2025');
    expect(main).toContain('Missed');
    expect(main).toContain('Talked in the cafe after training.');
    await run.journey.check('mentoring');

    await follow(page, page.getByRole('button', { name: 'Save note' }));
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Write the note');
    await run.journey.check('mentoring-note-missing');
    await page.getByLabel('New note').fill('Played pool; he seemed brighter. Asked about joinery courses at college.');
    await follow(page, page.getByRole('button', { name: 'Save note' }));
    expect(await page.locator('main').innerText()).toContain('Asked about joinery courses at college.');
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1024, height: 768 });
  });

  it('refuses the page to the rest of the team, and shows them no note', async () => {
    const { page } = run.journey;
    await page.context().clearCookies();
    await page.goto(`${run.testApp.baseUrl}/`);
    await signInAs(page, 'Priya Patel');
    const response = await page.goto(connorPage);
    expect(response?.status()).toBe(403);
    expect(await page.content()).not.toContain('Talked in the cafe');
    await run.journey.check('mentoring-refused');
  });
});
