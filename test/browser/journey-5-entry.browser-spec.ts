import type { Page } from 'playwright-core';
import { Journey } from './support/browser';
import { follow, journeyAgainstTestApp, signInAs, tableRows } from './support/journeys';

/**
 * Journey 5: an entry's page. The health visitor who recorded an entry reads it with its history,
 * amends it with a reason, records a sharing decision with the GIRFEC fields and marks it entered
 * in error; a police officer on the same team sees only the outline of a sensitive health entry,
 * is told in plain words why, is offered no changes, and is refused if they post one anyway.
 */
describe('Journey 5: an entry', () => {
  const run = journeyAgainstTestApp('journey-5', { signedInAs: 'Helen Hughes' });
  let islaId: string;
  const entries: Record<'review' | 'amended' | 'preBirth', string> = { review: '', amended: '', preBirth: '' };

  beforeAll(async () => {
    const rows = await run.testApp.dataSource.query<{ id: string; childId: string; eventType: string; eventDate: string }[]>(
      `SELECT e.id, e.child_id AS "childId", v.event_type AS "eventType", v.event_date::text AS "eventDate"
         FROM chronology_entries e JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = 1
         JOIN children c ON c.id = e.child_id WHERE c.given_name = 'Isla'`,
    );
    islaId = rows[0].childId;
    const find = (eventType: string, eventDate: string) => rows.find((row) => row.eventType === eventType && row.eventDate === eventDate)!.id;
    entries.review = find('health-assessment', '2024-07-09');
    entries.amended = find('developmental-review', '2025-06-04');
    entries.preBirth = find('pre-birth-concern', '2024-03-26');
  });

  const entryUrl = (entryId: string) => `${run.testApp.baseUrl}/child/${islaId}/entries/${entryId}`;
  const summaryList = async (page: Page) =>
    Object.fromEntries(
      await page
        .locator('.app-entry .govuk-summary-list__row')
        .evaluateAll((rows) => rows.map((row) => [row.querySelector('dt')!.textContent!.trim(), row.querySelector('dd')!.textContent!.trim()])),
    ) as Record<string, string>;

  it("shows the recording agency's entry in full, with its history: who, when and why", async () => {
    const { page } = run.journey;
    await page.goto(entryUrl(entries.amended));
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toContain('Developmental review');
    const fields = await summaryList(page);
    expect(fields).toMatchObject({ 'Event type': 'Developmental review', 'Recorded by': 'Helen Hughes, Health visitor, NHS Lanarkshire', Status: 'Amended' });
    const history = await tableRows(page, 'Every version of this entry');
    expect(history.map(([version, change, by]) => [version, change, by])).toEqual([
      ['1', 'Recorded', 'Helen Hughes, NHS Lanarkshire'],
      ['2', 'Amended', 'Helen Hughes, NHS Lanarkshire'],
    ]);
    expect(history[1][4]).not.toBe('');
    expect(await page.getByRole('link', { name: 'Amend this entry' }).count()).toBe(1);
    await run.journey.check('entry');
  });

  it('amends an entry with a reason, every problem first shown at once', async () => {
    const { page } = run.journey;
    await page.goto(entryUrl(entries.review));
    await follow(page, page.getByRole('link', { name: 'Amend this entry' }));
    expect(await page.locator('#summary').inputValue()).toContain('6-8 week review');
    await follow(page, page.getByRole('button', { name: 'Save the amendment' }));
    expect(await page.locator('.govuk-error-summary__list a').allTextContents()).toEqual(['Say why you are amending the entry']);
    await run.journey.check('amend-errors');
    await page.getByLabel('Summary').fill('Health visitor 6-8 week review at home. Isla weighed and measured: growth steady on the 50th centile.');
    await page.getByLabel('Why are you amending it?').fill('Centile was recorded wrongly; corrected from the red book.');
    await follow(page, page.getByRole('button', { name: 'Save the amendment' }));
    expect(new URL(page.url()).pathname).toBe(`/child/${islaId}/entries/${entries.review}`);
    expect((await summaryList(page)).Summary).toContain('growth steady on the 50th centile');
    const history = await tableRows(page, 'Every version of this entry');
    expect(history.at(-1)!.slice(1, 3)).toEqual(['Amended', 'Helen Hughes, NHS Lanarkshire']);
    expect(history.at(-1)![4]).toBe('Centile was recorded wrongly; corrected from the red book.');
  });

  it('records a sharing decision with what GIRFEC says a share must record', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: 'Record a sharing decision' }));
    await page.getByLabel('Which agency?').selectOption({ label: 'Police Scotland' });
    await page.getByLabel('Share it with them').check();
    await follow(page, page.getByRole('button', { name: 'Record the decision' }));
    expect(await page.locator('.govuk-error-summary__list a').allTextContents()).toEqual([
      'Say why the entry is shared, or why sharing is refused',
      'Say why sharing is necessary and proportionate',
      'Give the lawful basis for sharing',
      'Select whether the child or family was told',
    ]);
    await run.journey.check('share-errors');
    await page.getByLabel('Why?').fill('Police contact is preparing the joint risk assessment.');
    await page.getByLabel('Why sharing is necessary and proportionate').fill('Growth and care at home bear on the risk assessment; only this entry is shared.');
    await page.getByLabel('Lawful basis').fill('UK GDPR 6(1)(e); 9(2)(g) with DPA 2018 Sch. 1 para 18');
    await page.getByLabel('No', { exact: true }).check();
    await page.getByLabel('If not, why not').fill('Telling the family could place the mother at risk.');
    await follow(page, page.getByRole('button', { name: 'Record the decision' }));
    expect(new URL(page.url()).hash).toBe('#decisions');
    expect((await page.locator('.govuk-summary-card__title').allTextContents()).map((text) => text.trim())).toEqual(['Shared with Police Scotland']);
    await run.journey.check('share');
  });

  it('marks an entry entered in error, after which it offers no changes', async () => {
    const { page } = run.journey;
    await page.goto(entryUrl(entries.review));
    await follow(page, page.getByRole('link', { name: 'Mark as entered in error' }));
    await follow(page, page.getByRole('button', { name: 'Mark as entered in error' }));
    expect(await page.locator('.govuk-error-summary__list a').allTextContents()).toEqual(['Say why the entry was entered in error']);
    await run.journey.check('entered-in-error-errors');
    await page.getByLabel('Why was it entered in error?').fill('Recorded against Isla by mistake: this review was for her cousin.');
    await follow(page, page.getByRole('button', { name: 'Mark as entered in error' }));
    expect((await summaryList(page)).Status).toBe('Entered in error');
    expect(await page.getByRole('link', { name: 'Amend this entry' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Mark as entered in error' }).count()).toBe(0);
  });

  describe('a police officer on the same team', () => {
    let police: Journey;

    beforeAll(async () => {
      police = await Journey.start(run.journey.context.browser()!, 'journey-5-police');
      await police.page.goto(`${run.testApp.baseUrl}/`);
      await signInAs(police.page, 'Jamie Reid');
    });

    afterAll(async () => {
      await police.close();
    });

    it("sees a sensitive health entry's outline and who holds the rest, and no changes to make", async () => {
      const { page } = police;
      await page.goto(entryUrl(entries.preBirth));
      const fields = await summaryList(page);
      expect(fields).toMatchObject({ 'Event type': 'Pre-birth concern', Significant: 'Yes', Sensitivity: 'Sensitive' });
      expect(fields.Summary).toBeUndefined();
      expect(await page.locator('#withheld').textContent()).toContain('Held by NHS Lanarkshire');
      expect(await page.locator('#withheld').textContent()).toContain('Summary');
      for (const name of ['Amend this entry', 'Mark as entered in error', 'Record a sharing decision']) expect(await page.getByRole('link', { name }).count()).toBe(0);
      await police.check('entry-outline');
    });

    it('is usable at 320 px wide and prints without its links and buttons', async () => {
      const { page } = police;
      await page.setViewportSize({ width: 320, height: 700 });
      await police.expectNoSidewaysScroll();
      await police.check('entry-phone');
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('link', { name: 'Back to the chronology' }).isVisible()).toBe(false);
      expect(await page.locator('.app-entry').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
    });

    it('is told in plain words why, and whom to ask', async () => {
      const { page } = police;
      await follow(page, page.getByRole('link', { name: "Why can't I see this?" }));
      const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      expect(text).toContain('You are a practitioner at Police Scotland (police), on the child\'s team.');
      expect(text).toContain('NHS Lanarkshire recorded this entry and marked it sensitive.');
      expect(text).toMatch(/What you cannot see .*Summary/);
      expect(text).toContain('ask NHS Lanarkshire');
      await police.check('why');
    });

    it("is refused by the service if they post an amendment anyway, and nothing changes", async () => {
      const { page } = police;
      const token = await page.locator('input[name="_csrf"]').first().inputValue();
      const before = await run.testApp.dataSource.query(`SELECT current_version FROM chronology_entries WHERE id = $1`, [entries.preBirth]);
      const response = await page.request.post(`${entryUrl(entries.preBirth)}/entered-in-error`, { form: { _csrf: token, reason: 'Trying to change another agency’s entry.' } });
      expect(response.status()).toBe(403);
      expect(await run.testApp.dataSource.query(`SELECT current_version FROM chronology_entries WHERE id = $1`, [entries.preBirth])).toEqual(before);
      const [denied] = await run.testApp.dataSource.query<{ outcome: string }[]>(
        `SELECT outcome FROM audit.events WHERE action = 'entry.mark-entered-in-error' AND $1 = ANY(entry_ids) ORDER BY occurred_at DESC LIMIT 1`,
        [entries.preBirth],
      );
      expect(denied.outcome).not.toBe('success');
    });
  });
});
