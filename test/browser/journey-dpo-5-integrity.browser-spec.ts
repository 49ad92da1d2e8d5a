import { follow, journeyAgainstTestApp } from './support/journeys';

/** The integrity of the audit trail: the latest verification and checkpoint, "verify now", and how to verify offline. */
describe('Journey DPO 5: the integrity of the audit trail', () => {
  const run = journeyAgainstTestApp('journey-dpo-5', { signedInAs: 'Catriona Baird' });

  it('verifies the chain on request, and says when it was last verified and what was found', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: 'Data protection' }));
    await follow(page, page.getByRole('link', { name: 'Integrity of the audit trail' }));
    expect(await page.locator('#verification-result').innerText()).toBe('The chain has not been verified yet.');
    expect(await page.locator('#public-key').innerText()).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(await page.locator('main').innerText()).toContain('npm run audit -- verify --checkpoint audit-checkpoints.jsonl --public-key audit-public-key.pem');
    await run.journey.check('integrity');
    await follow(page, page.getByRole('button', { name: 'Verify now' }));
    expect(new URL(page.url()).pathname).toBe('/dpo/integrity');
    expect(await page.locator('#verification-result').innerText()).toMatch(/^The chain is intact\. \d+ links checked on .* by Catriona Baird\.$/);
    await run.journey.check('integrity-verified');
  });

  it('signs a checkpoint of the head on request, and shows it', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('button', { name: 'Sign a checkpoint now' }));
    const [{ seq }] = await run.testApp.dataSource.query<{ seq: string }[]>('SELECT seq::text FROM audit.checkpoints ORDER BY seq DESC LIMIT 1');
    const rows = (await page.locator('.govuk-summary-list__row').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual([expect.stringMatching(/^Signed \d/), `Link ${seq}`, expect.stringMatching(/^Hash [0-9a-f]{64}$/), expect.stringMatching(/^Key id [0-9a-f]{16}$/), expect.stringMatching(/^Signature \S+$/)]);
    await run.journey.check('integrity-checkpoint');
  });

  it('is usable at 320 px wide', async () => {
    const { page } = run.journey;
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('integrity-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
  });
});
