import { ukDateTime } from '../../src/web/view-filters';
import { apiFor, USERS, validEntry } from '../support/fixtures';
import { expireSessions, follow, journeyAgainstTestApp, signInAs, tableRows } from './support/journeys';

/**
 * Journey 1: a practitioner opens Chronicle, signs in through the OpenID Connect code flow (the
 * development provider in demo mode), lands on "My children", signs out; an idle session ends.
 */
describe('Journey 1: sign in and see my children', () => {
  const run = journeyAgainstTestApp('journey-1');
  const CAPTION = 'Children whose team you are on';

  it('leads from / to the development sign-in, which lists the demo users', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/`);
    expect(new URL(page.url()).pathname).toMatch(/^\/idp\/interaction\//);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await page.getByRole('button', { name: /^Sign in as / }).count()).toBe(11);
    await run.journey.check('sign-in');
  });

  it('signs in and lands on My children: each child with age, capacity, latest entry and what other agencies added', async () => {
    const { page } = run.journey;
    await signInAs(page, 'Jamie Reid');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My children');
    expect(await page.locator('.app-signed-in').textContent()).toMatch(/Jamie Reid.*Police Scotland/s);

    const caseload = (await apiFor(run.testApp, USERS.police).get('/api/caseload')).body as {
      givenName: string;
      familyName: string;
      chronology: { newFromOtherAgencies: number; lastReadAt: string | null; latestEntry: { eventDateDisplay: string } };
    }[];
    // The demo's month of audited access has Jamie reading some of these chronologies before today.
    expect(caseload.some((child) => child.chronology.lastReadAt !== null)).toBe(true);
    const rows = await tableRows(page, CAPTION);
    expect(rows.map((row) => row[0].replace(/ Born .*/, ''))).toEqual(['Isla Brennan', 'Connor Mitchell (known as Con)', 'Lewis Quinn']);
    rows.forEach((row, index) => {
      const { chronology } = caseload[index];
      expect(row[2]).toMatch(/^Police contact since \d+ \w+ \d{4}$/);
      expect(row[1]).toMatch(/^\d+ (years|months)$/);
      expect(row[3]).toBe(chronology.latestEntry.eventDateDisplay);
      const count = chronology.newFromOtherAgencies > 0 ? `${chronology.newFromOtherAgencies} new` : 'None';
      const since = chronology.lastReadAt ? `since you looked on ${ukDateTime(chronology.lastReadAt)}` : 'you have not opened this chronology yet';
      expect(row[4]).toBe(`${count} ${since}`);
    });
    await run.journey.check('my-children');
  });

  it('counts new entries over what the chronology lets the reader see, since they last read it', async () => {
    const { page } = run.journey;
    const police = apiFor(run.testApp, USERS.police);
    const [connor] = ((await police.get('/api/children?name=Connor')).body as { id: string }[]);
    const chronology = (await police.get(`/api/children/${connor.id}/chronology?pageSize=500`)).body as { items: { kind: string; source: { agency: { code: string } } }[] };
    const readableFromOthers = chronology.items.filter((item) => item.kind === 'entry' && item.source.agency.code !== 'police-scotland').length;
    // That read was Jamie's own, so the page now counts from it: nothing new since.
    await page.reload();
    const connorRow = (await tableRows(page, CAPTION)).find((row) => row[0].startsWith('Connor'))!;
    expect(connorRow[4]).toMatch(/^None since you looked on \d+ \w+ \d{4} at \d+:\d\d[ap]m$/);
    expect(readableFromOthers).toBeGreaterThan(0);
    const [before] = ((await police.get('/api/caseload')).body as { id: string; chronology: { newFromOtherAgencies: number } }[]).filter((child) => child.id === connor.id);
    expect(before.chronology.newFromOtherAgencies).toBe(0);

    // Another agency adds an entry Jamie may read, and one for which the policy withholds everything from the police: only the first counts.
    const teacher = apiFor(run.testApp, USERS.teacher);
    expect((await teacher.post(`/api/children/${connor.id}/entries`, validEntry({ summary: 'Attendance fell to 82% this term.' }))).status).toBe(201);
    expect((await teacher.post(`/api/children/${connor.id}/entries`, validEntry({ summary: 'A restricted note.', sensitivity: 'restricted' }))).status).toBe(201);
    await page.reload();
    const after = (await tableRows(page, CAPTION)).find((row) => row[0].startsWith('Connor'))!;
    expect(after[4]).toMatch(/^1 new since you looked on /);
    await run.journey.check('my-children-after-new-entries');
  });

  it('is usable at 320 px wide and on a tablet, and prints without the navigation', async () => {
    const { page } = run.journey;
    for (const [name, width] of [['phone', 320], ['tablet', 768]] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.reload();
      await run.journey.expectNoSidewaysScroll();
      await run.journey.check(`my-children-${name}`);
    }
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.govuk-service-navigation').isVisible()).toBe(false);
    expect(await page.getByRole('table').isVisible()).toBe(true);
    await run.journey.check('my-children-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('signs out with the button in the header, and / then asks for sign-in again', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('button', { name: 'Sign out' }));
    await page.waitForURL(`${run.testApp.baseUrl}/signed-out`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You have signed out');
    await run.journey.check('signed-out');
    await page.goto(`${run.testApp.baseUrl}/`);
    expect(new URL(page.url()).pathname).toMatch(/^\/idp\/interaction\//);
  });

  it('ends an idle session and says so plainly; signing in again returns to the page', async () => {
    const { page } = run.journey;
    await signInAs(page, 'Jamie Reid');
    await page.goto(`${run.testApp.baseUrl}/find-a-child`);
    await expireSessions(run.testApp);
    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You have been signed out');
    expect(await page.locator('main').textContent()).toContain('had not used Chronicle for 8 hours');
    await run.journey.check('session-ended');
    await follow(page, page.getByRole('button', { name: 'Sign in again' }));
    await signInAs(page, 'Jamie Reid');
    expect(new URL(page.url()).pathname).toBe('/find-a-child');
  });
});
