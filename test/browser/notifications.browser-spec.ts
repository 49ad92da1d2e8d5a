import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { follow, journeyAgainstTestApp, signInAs, tableRows } from './support/journeys';

const CANARY = 'CANARY-BROWSER-5e02';

/** The inbox: a significant event, the unread count in the header, marking it read, and the author's "seen by" trail. */
describe('Notifications in the browser', () => {
  const run = journeyAgainstTestApp('notifications', { signedInAs: 'Fiona Morrison' });
  let entryId: string;
  let entryPage: string;

  beforeAll(async () => {
    const childId = await createChildWithTeam(run.testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.teacher, capacity: 'class-teacher' },
      { username: USERS.socialWorker, capacity: 'lead-professional' },
    ]);
    const created = await apiFor(run.testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ significant: true, sensitivity: 'sensitive', summary: `Bruising seen ${CANARY}` }));
    expect(created.status).toBe(201);
    entryId = created.body.id;
    entryPage = `${run.testApp.baseUrl}/child/${childId}/entries/${entryId}`;
  });

  it('shows the unread count in the header and the notification, as far as the reader may read it', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/`);
    const link = page.getByRole('link', { name: /Notifications 1 unread/ });
    await follow(page, link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Notifications');
    const main = await page.locator('main').innerText();
    expect(main).toMatch(/A significant event was recorded for Test Child\d+ by NHS Lanarkshire/);
    expect(main).toContain('Health assessment');
    // A sensitive entry's outline only, for a teacher.
    expect(await page.content()).not.toContain(CANARY);
    await run.journey.check('inbox');
    // Who has read an entry is for its author alone: another reader's entry page does not offer it.
    expect((await page.goto(entryPage))?.status()).toBe(200);
    expect(await page.getByRole('link', { name: 'Who has seen this' }).count()).toBe(0);
    await page.goto(`${run.testApp.baseUrl}/inbox`);
  });

  it('marks a notification read with a plain form post (no script needed)', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('button', { name: 'Mark as read' }));
    expect(await page.locator('main').innerText()).toContain('0 unread');
    expect(await page.getByRole('link', { name: /unread/ }).count()).toBe(0);
    await run.journey.check('inbox-read');
  });

  it('keeps an email preference', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/settings/notifications`);
    await page.getByLabel('Yes').check();
    await follow(page, page.getByRole('button', { name: 'Save' }));
    expect(await page.locator('main').innerText()).toContain('Your email setting was saved.');
    expect(await page.getByLabel('Yes').isChecked()).toBe(true);
    await run.journey.check('notification-settings');
  });

  it('shows the author who has read their entry', async () => {
    const { page } = run.journey;
    await page.context().clearCookies();
    await page.goto(`${run.testApp.baseUrl}/`);
    await signInAs(page, 'Helen Hughes');
    await page.goto(entryPage);
    await follow(page, page.getByRole('link', { name: 'Who has seen this' }));
    expect(page.url()).toBe(`${run.testApp.baseUrl}/inbox/seen-by/${entryId}`);
    const rows = await tableRows(page, 'Who was told, and who has read it');
    expect(rows).toHaveLength(2);
    expect(rows[0].slice(0, 2)).toEqual(['Fiona Morrison Guidance teacher, Calderbank Community School', 'Class teacher']);
    expect(rows[0][3]).toMatch(/^Seen \d+ \w+ \d{4} at \d+:\d\d[ap]m$/);
    expect(rows[1][3]).toBe('Not yet read');
    await run.journey.check('seen-by');
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1024, height: 768 });
  });
});
