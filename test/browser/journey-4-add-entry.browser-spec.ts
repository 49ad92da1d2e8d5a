import type { Page } from 'playwright-core';
import { Journey } from './support/browser';
import { follow, journeyAgainstTestApp, signInAs } from './support/journeys';

const SUMMARY = 'Mother disclosed at the home visit that her ex-partner has returned to the area and has been seen outside the house.';
const DETAIL = 'Mother tearful; says he has sent messages. Isla was asleep throughout.';
const ACTION = 'Discussed safety planning with mother; referral to the named person and police contact made the same day.';

/** The names of the inputs a form offers, each once, in page order (the token left out). */
async function offeredInputs(page: Page): Promise<string[]> {
  const names = await page.locator('form[method="post"] :is(input, select, textarea)[name]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).name));
  return [...new Set(names)].filter((name) => name !== '_csrf');
}

/** Another demo user's journey, in a browser context of their own, signed in and ready. */
async function journeyAs(run: { journey: Journey; testApp: { baseUrl: string } }, name: string, user: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Journey> {
  const journey = await Journey.start(run.journey.context.browser()!, name, options);
  await journey.page.goto(`${run.testApp.baseUrl}/`);
  await signInAs(journey.page, user);
  return journey;
}

/**
 * Journey 4: add an entry in under a minute. A health visitor adds a significant, sensitive entry
 * through the form (every problem first shown at once); a police officer on the same team then
 * sees its outline and whom to ask, not its text; a mentor is offered only what the policy lets them write.
 */
describe('Journey 4: add an entry', () => {
  const run = journeyAgainstTestApp('journey-4', { signedInAs: 'Helen Hughes' });
  let islaId: string;
  let entryId: string;

  beforeAll(async () => {
    [{ id: islaId }] = await run.testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM children WHERE given_name = 'Isla'`);
  });

  it('offers the essentials first and the rest under "more detail"', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/child/${islaId}/entries/new`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Isla Brennan');
    expect(await page.locator('#more-detail').getAttribute('open')).toBeNull();
    expect(await offeredInputs(page)).toEqual([
      'eventDate-day', 'eventDate-month', 'eventDate-year', 'datePrecision', 'eventType', 'summary', 'significant', 'nature', 'actionTaken', 'noActionReason',
      'eventEndDate-day', 'eventEndDate-month', 'eventEndDate-year', 'eventTime', 'wellbeingIndicators', 'detail', 'impactOnChild', 'outcome', 'professionalAnalysis', 'childView',
      'informationSource', 'sourceReference', 'sensitivity', 'lawfulBasis', 'namesThirdParties',
    ]);
    await run.journey.check('form');
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('form-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
  });

  it('lists every problem at once, in the summary and beside each field, keeping what was typed', async () => {
    const { page } = run.journey;
    await page.getByLabel('Month', { exact: true }).first().fill('13');
    await page.getByLabel('Year', { exact: true }).first().fill('2025');
    await page.locator('#more-detail summary').click();
    await page.getByLabel('Time (optional)').fill('25:00');
    await follow(page, page.getByRole('button', { name: 'Save entry' }));
    const summary = await page.locator('.govuk-error-summary__list a').allTextContents();
    expect(summary).toEqual([
      'The date of the event must include a day',
      'Select the type of event',
      'Enter a summary of what happened',
      'Record the action taken, or why none was taken',
      'Enter the time as hours and minutes on the 24-hour clock, like 14:30',
    ]);
    expect((await page.locator('.govuk-error-message').allTextContents()).map((text) => text.trim())).toEqual(summary.map((text) => `Error: ${text}`));
    expect(await page.locator('#eventDate-month').inputValue()).toBe('13');
    expect(await page.locator('#more-detail').getAttribute('open')).not.toBeNull();
    expect(await page.title()).toMatch(/^Error: /);
    await run.journey.check('errors');
  });

  it('saves a significant sensitive entry, finding its type by typing part of the name', async () => {
    const { page } = run.journey;
    await page.locator('#eventDate-day').fill('2');
    await page.locator('#eventDate-month').fill('11');
    await page.getByLabel('Find an event type by typing part of its name').fill('concern');
    expect(await page.locator('#eventType option:not([value=""])').allTextContents()).toEqual(expect.arrayContaining(['Concern raised', 'Concern noticed by a mentor']));
    expect(await page.locator('#eventType option:not([value=""])').count()).toBeLessThan(10);
    expect(await page.locator('#eventType').inputValue()).toBe('concern-raised');
    await page.getByLabel('Summary').fill(SUMMARY);
    await page.getByLabel("This is a significant event in the child's life").check();
    await page.getByLabel('Negative').check();
    await page.getByLabel('Action taken').fill(ACTION);
    await page.getByLabel('Time (optional)').fill('');
    await page.getByLabel('Detail', { exact: true }).fill(DETAIL);
    await page.getByLabel('Sensitive', { exact: true }).check();
    await follow(page, page.getByRole('button', { name: 'Save entry' }));
    const saved = new URL(page.url());
    expect(saved.pathname).toBe(`/child/${islaId}/chronology`);
    expect(saved.hash).toMatch(/^#entry-[0-9a-f-]{36}$/);
    entryId = saved.hash.slice('#entry-'.length);
    // As the API returns it to her: the same service wrote it.
    const entry = await (await page.request.get(`${run.testApp.baseUrl}/api/entries/${entryId}`)).json();
    expect(entry).toMatchObject({
      kind: 'entry',
      eventDate: '2025-11-02',
      datePrecision: 'day',
      eventType: { code: 'concern-raised' },
      summary: SUMMARY,
      detail: DETAIL,
      significant: true,
      nature: 'negative',
      actionTaken: ACTION,
      sensitivity: 'sensitive',
      source: { agency: { code: 'nhs-lanarkshire' }, author: { name: 'Helen Hughes' } },
    });
    // The chronology page is another helper's; the entry's own page shows what was saved.
    await page.goto(`${run.testApp.baseUrl}/child/${islaId}/entries/${entryId}`);
    const shown = await page.locator('.app-entry').innerText();
    for (const text of [SUMMARY, DETAIL, ACTION, 'Concern raised', '2 Nov 2025', 'Sensitive']) expect(shown).toContain(text);
    const [audit] = await run.testApp.dataSource.query<{ action: string; fields: string[] }[]>(`SELECT action, fields FROM audit.events WHERE action = 'entry.create' AND $1 = ANY(entry_ids)`, [entryId]);
    expect(audit.fields.sort()).toEqual(['actionTaken', 'detail', 'eventDate', 'eventType', 'nature', 'sensitivity', 'significant', 'summary']);
  });

  it("shows a police officer on the same team the entry's outline and whom to ask, never its text", async () => {
    const police = await journeyAs(run, 'journey-4-police', 'Jamie Reid');
    const { page } = police;
    const json = await (await page.request.get(`${run.testApp.baseUrl}/api/entries/${entryId}`)).text();
    expect(JSON.parse(json)).toMatchObject({ kind: 'entry', eventDate: '2025-11-02', eventType: { code: 'concern-raised' }, significant: true, withheld: { heldBy: 'NHS Lanarkshire' } });
    await page.goto(`${run.testApp.baseUrl}/child/${islaId}/entries/${entryId}`);
    const shown = await page.locator('main').innerText();
    for (const outline of ['Concern raised', '2 Nov 2025', 'Significant', 'Sensitive']) expect(shown).toContain(outline);
    expect(await page.locator('#withheld').innerText()).toMatch(/Withheld from you: Summary.*\n*.*Held by NHS Lanarkshire/s);
    const html = await page.content();
    for (const secret of [SUMMARY, DETAIL, ACTION]) expect(html + json).not.toContain(secret);
    await police.check('entry-outline');
    await police.close();
  });

  it('offers a mentor only the fields the policy lets the third sector write', async () => {
    const mentor = await journeyAs(run, 'journey-4-mentor', 'Samir Ali');
    const { page } = mentor;
    const [{ id: connorId }] = await run.testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM children WHERE given_name = 'Connor'`);
    await page.goto(`${run.testApp.baseUrl}/child/${connorId}/entries/new`);
    const offered = await offeredInputs(page);
    expect(offered).not.toContain('detail');
    expect(offered).not.toContain('professionalAnalysis');
    expect(offered).toEqual(expect.arrayContaining(['summary', 'eventType', 'significant', 'nature', 'actionTaken', 'noActionReason', 'childView', 'sensitivity']));
    await mentor.check('form');
    await mentor.close();
  });

  it('works with JavaScript off: the event type is a plain list, and the entry saves', async () => {
    const offline = await journeyAs(run, 'journey-4-no-js', 'Helen Hughes', { javaScriptEnabled: false });
    const { page } = offline;
    await page.goto(`${run.testApp.baseUrl}/child/${islaId}/entries/new`);
    expect(await page.locator('#eventType-finder').count()).toBe(0);
    await page.locator('#eventDate-day').fill('5');
    await page.locator('#eventDate-month').fill('11');
    await page.locator('#eventDate-year').fill('2025');
    await page.locator('#eventType').selectOption({ label: 'Health assessment' });
    await page.getByLabel('Summary').fill('Weighed at the clinic; growth steady.');
    await page.getByLabel('Or, why no action was taken').fill('None needed: routine contact.');
    await offline.check('form');
    await follow(page, page.getByRole('button', { name: 'Save entry' }));
    expect(new URL(page.url()).pathname).toBe(`/child/${islaId}/chronology`);
    await offline.close();
  });
});
