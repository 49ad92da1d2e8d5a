import { follow, journeyAgainstTestApp } from './support/journeys';

/** Alerts: claims awaiting review (with the form that records a review), off-team access, out of hours, unusual volume. */
describe('Journey DPO 4: alerts, and reviewing emergency access', () => {
  const run = journeyAgainstTestApp('journey-dpo-4', { signedInAs: 'Catriona Baird' });

  it('lists each kind of alert, in plain words', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: 'Data protection' }));
    await follow(page, page.getByRole('link', { name: /Claimed and emergency access awaiting review/ }));
    expect(await page.locator('#break-glass').textContent()).toBe('Claimed and emergency access awaiting review (1)');
    expect(await page.locator('.app-claim h3').allTextContents()).toEqual(["Fiona Morrison, Calderbank Community School: emergency (break-glass) access to Lewis Quinn's record"]);
    const offTeam = await page.locator('table', { has: page.locator('caption', { hasText: "Access by people not on the child's team" }) }).innerText();
    expect(offTeam).toMatch(/Fiona Morrison \(guidance teacher, Calderbank Community School\) read Lewis Quinn's chronology/);
    const outOfHours = await page.locator('table', { has: page.locator('caption', { hasText: 'Access outside working hours' }) }).innerText();
    expect(outOfHours).toMatch(/Priya Patel \(social worker, North Lanarkshire Council Social Work Services\) read Connor Mitchell's chronology/);
    await run.journey.check('alerts');
  });

  it('records the outcome of a review and its notes, all problems at once first', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: /Review this claim/ }));
    await run.journey.check('review');
    await follow(page, page.getByRole('button', { name: 'Record the review' }));
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/Select the outcome of your review[\s\S]*Enter what you checked/);
    await run.journey.check('review-problems');
    await page.getByLabel('Appropriate', { exact: true }).check();
    await page.getByLabel('Your notes').fill('Spoke to the head teacher: Lewis was missing from school that evening and the police asked.');
    await follow(page, page.getByRole('button', { name: 'Record the review' }));
    expect(new URL(page.url()).pathname).toBe('/dpo/alerts');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your review has been recorded.');
    expect(await page.locator('#break-glass').textContent()).toBe('Claimed and emergency access awaiting review (0)');
    const reviews = await run.testApp.dataSource.query<{ outcome: string; notes: string }[]>('SELECT outcome, notes FROM access_claim_reviews');
    expect(reviews).toEqual([{ outcome: 'appropriate', notes: 'Spoke to the head teacher: Lewis was missing from school that evening and the police asked.' }]);
    await run.journey.check('reviewed');
    // The claim's page now says how it was reviewed, and offers no second review.
    await page.goto(`${run.testApp.baseUrl}/dpo/alerts/claims/5d1e0c7a-2b3f-4c8d-9e10-0000000d3e01/review`);
    expect(await page.locator('main').innerText()).toMatch(/Catriona Baird reviewed this claim on .*: the access was justified\. Spoke to the head teacher/);
    expect(await page.getByRole('button', { name: 'Record the review' }).count()).toBe(0);
    await run.journey.check('already-reviewed');
  });

  it('is usable at 320 px wide', async () => {
    const { page } = run.journey;
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('alerts-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
  });
});
