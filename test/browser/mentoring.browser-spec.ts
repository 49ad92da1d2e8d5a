import { follow, journeyAgainstTestApp, signInAs } from './support/journeys';

/** The mentoring charity's own page about Connor: its match, meetings and notes, a new note, and nobody else let in. */
describe("Mentoring: the charity's own page", () => {
  const run = journeyAgainstTestApp('mentoring', { signedInAs: 'Samir Ali' });
  let connorPage: string;
  let connorChronology: string;

  beforeAll(async () => {
    const [{ id }] = await run.testApp.ownerQuery<{ id: string }>(`SELECT id FROM children WHERE given_name = 'Connor'`);
    connorPage = `${run.testApp.baseUrl}/child/${id}/mentoring`;
    connorChronology = `${run.testApp.baseUrl}/child/${id}/chronology`;
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

  it('raises a safeguarding concern that notifies the lead professional', async () => {
    const { page } = run.journey;
    await page.goto(connorPage);
    await follow(page, page.getByRole('button', { name: 'Raise concern' }));
    const errors = await page.locator('.govuk-error-summary').innerText();
    expect(errors).toContain('Say what you noticed');
    expect(errors).toContain('Say what you have done about it');
    await page.getByLabel('What you noticed').fill('Connor had a new phone and a lot of cash he would not explain.');
    await page.getByLabel('What you have done about it').fill("Told the charity's safeguarding lead, who phoned his social worker.");
    await follow(page, page.getByRole('button', { name: 'Raise concern' }));
    expect(await page.locator('main').innerText()).toContain('the team around the child, the lead professional among them, was notified');
    await run.journey.check('mentoring-concern-raised');
    const [notified] = await run.testApp.ownerQuery<{ count: number }>(
      `SELECT count(*)::int AS count FROM notifications n JOIN practitioners p ON p.id = n.recipient_id JOIN chronology_entry_versions v ON v.entry_id = n.entry_id
        WHERE p.subject = 'sw.patel' AND v.summary = 'Connor had a new phone and a lot of cash he would not explain.'`,
    );
    expect(notified.count).toBe(1);
  });

  it('records a meeting held and one missed, ends the match and starts another, every problem shown at once', async () => {
    const { page } = run.journey;
    const fillDate = async (name: string, day: string, month: string, year: string) => {
      await page.locator(`#${name}-day`).fill(day);
      await page.locator(`#${name}-month`).fill(month);
      await page.locator(`#${name}-year`).fill(year);
    };
    await page.goto(connorPage);
    await follow(page, page.getByRole('button', { name: 'Record meeting' }));
    let errors = await page.locator('.govuk-error-summary').innerText();
    expect(errors).toContain('Enter the date of the meeting');
    expect(errors).toContain('Say whether the meeting was held or missed');
    await page.getByLabel('Held', { exact: true }).check();
    await follow(page, page.getByRole('button', { name: 'Record meeting' }));
    errors = await page.locator('.govuk-error-summary').innerText();
    expect(errors).toContain('Enter the date of the meeting');
    expect(errors).toContain('Enter how long the meeting lasted, in minutes');
    await run.journey.check('mentoring-meeting-problems');

    await fillDate('meeting-date', '2', '6', '2025');
    await page.getByLabel('Held', { exact: true }).check();
    await page.getByLabel('Length in minutes').fill('45');
    await page.getByLabel(/Also add to the chronology/).check();
    await follow(page, page.getByRole('button', { name: 'Record meeting' }));
    expect(await page.locator('main').innerText()).toContain('The meeting was recorded.');
    await fillDate('meeting-date', '9', '6', '2025');
    await page.getByLabel('Missed', { exact: true }).check();
    await follow(page, page.getByRole('button', { name: 'Record meeting' }));
    const meetings = await page.locator('table').first().innerText();
    expect(meetings).toMatch(/2 June 2025\s+Held\s+45 minutes/);
    expect(meetings).toMatch(/9 June 2025\s+Missed/);

    await follow(page, page.getByRole('button', { name: 'End match' }));
    errors = await page.locator('.govuk-error-summary').innerText();
    expect(errors).toContain('Enter the end date');
    expect(errors).toContain('Say why the match ended');
    await fillDate('end-date', '30', '6', '2025');
    await page.getByLabel('Why it ended').fill('Connor moved to a school across the city.');
    await follow(page, page.getByRole('button', { name: 'End match' }));
    let main = await page.locator('main').innerText();
    expect(main).toContain('Samir Ali, from 12 May 2025 to 30 June 2025');
    expect(main).toContain('Why it ended: Connor moved to a school across the city.');
    expect(await page.getByRole('button', { name: 'End match' }).count()).toBe(0);
    await run.journey.check('mentoring-match-ended');

    await follow(page, page.getByRole('button', { name: 'Start match' }));
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the start date');
    await fillDate('start-date', '1', '7', '2025');
    await follow(page, page.getByRole('button', { name: 'Start match' }));
    main = await page.locator('main').innerText();
    expect(main).toContain('"Mentoring match started" was added to the chronology');
    expect(main).toContain('Samir Ali, from 1 July 2025');
    await run.journey.check('mentoring-match-started');

    await page.goto(connorChronology);
    const chronology = await page.locator('main').innerText();
    expect(chronology).toContain('Mentoring match started');
    expect(chronology).toContain('Mentoring meeting held (45 minutes).');
    expect(chronology).not.toContain('Connor moved to a school across the city.');
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
    // The team learns of the match from the chronology, as the policy allows; not why the last one ended.
    await page.goto(connorChronology);
    const chronology = await page.locator('main').innerText();
    expect(chronology).toContain('Mentoring match started');
    expect(chronology).not.toContain('Connor moved to a school across the city.');
  });
});
