import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { pdfFirstPagePng, pdfPages } from '../support/pdf-text';
import { SCREENSHOTS } from './support/browser';
import { follow, journeyAgainstTestApp } from './support/journeys';

/** Clicks a button that answers with a file, and gives back the file's bytes. */
async function download(page: Page, button: string | RegExp): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return readFileSync(await file.path());
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Journey 6: a reviewing officer prints a chronology for a Children's Hearing: chooses the audience
 * (each described by what its copy leaves out), says why and for whom, narrows the period; the PDF
 * downloads; the copy is listed with its record; made again, it is the same document.
 */
describe('Journey 6: print a chronology', () => {
  const run = journeyAgainstTestApp('journey-6', { signedInAs: 'Graham Wallace' });
  let printUrl: string;
  let original: Buffer;

  beforeAll(async () => {
    const [{ id }] = await run.testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM children WHERE given_name = 'Isla'`);
    printUrl = `${run.testApp.baseUrl}/child/${id}/print`;
  });

  it('describes each audience by what its copy leaves out, and lists no copies yet', async () => {
    const { page } = run.journey;
    await page.goto(printUrl);
    expect(await page.getByRole('heading', { level: 2, name: 'Print a chronology' }).count()).toBe(1);
    const hearing = await page.locator('#audience-hint, .govuk-radios__hint').allTextContents();
    expect(hearing.join(' ')).toContain('professional analysis are left out');
    expect(await page.locator('#copies + p').textContent()).toBe('None yet.');
    await run.journey.check('form');
  });

  it('asks for every missing detail at once', async () => {
    const { page } = run.journey;
    await page.locator('#from-day').fill('31');
    await page.locator('#from-month').fill('2');
    await page.locator('#from-year').fill('2025');
    await follow(page, page.getByRole('button', { name: 'Download the PDF' }));
    expect((await page.locator('.govuk-error-summary__list a').allTextContents()).map((text) => text.trim())).toEqual([
      'Select who the copy is for',
      'Say why the copy is made',
      'Say whom the copy is for',
      'The start of the period must be a real date',
    ]);
    await run.journey.check('errors');
  });

  it('downloads the PDF for the audience chosen, and lists the copy with its record', async () => {
    const { page } = run.journey;
    await page.getByLabel("Children's Hearing panel").check();
    await page.getByLabel('Why is it being made?').fill("Children's Hearing on 2 December 2026");
    await page.getByLabel('Whom is it for?').fill('Panel members, the Reporter and relevant persons');
    await page.locator('#from-day').fill('1');
    await page.locator('#from-month').fill('1');
    original = await download(page, 'Download the PDF');
    expect(original.subarray(0, 5).toString()).toBe('%PDF-');
    // Its first page, kept beside the screenshots for a person to look at.
    writeFileSync(path.join(SCREENSHOTS, 'journey-6-pdf-page-1.png'), await pdfFirstPagePng(original));
    const text = (await pdfPages(original))[0].replace(/\s+/g, ' ');
    expect(text).toContain("Children's Hearing on 2 December 2026");
    expect(text).toContain('Panel members, the Reporter and relevant persons');

    await page.goto(printUrl);
    const card = (await page.locator('.govuk-summary-card').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
    expect(card).toHaveLength(1);
    expect(card[0]).toContain("Children's Hearing panel");
    expect(card[0]).toContain('Made by Graham Wallace, North Lanarkshire Council Social Work Services');
    expect(card[0]).toContain('From 1 Jan 2025');
    expect(card[0]).toContain(`SHA-256 ${sha256(original)}`);
    const [record] = await run.testApp.dataSource.query<{ pages: number; sha256: string }[]>(`SELECT pages, sha256 FROM exports`);
    expect(record.sha256).toBe(sha256(original));
    expect(card[0]).toContain(`Pages ${record.pages}`);
    await run.journey.check('copies');
  });

  it('makes a copy again from its record: the same person gets the same document', async () => {
    const { page } = run.journey;
    const again = await download(page, /^Make it again/);
    expect(sha256(again)).toBe(sha256(original));
    const actions = await run.testApp.dataSource.query<{ action: string }[]>(`SELECT action FROM audit.events WHERE action LIKE 'export.%' AND outcome = 'success' ORDER BY occurred_at`);
    expect(actions.map((event) => event.action)).toEqual(['export.list', 'export.list', 'export.create', 'export.list', 'export.regenerate']);
  });

  it('is usable at 320 px wide', async () => {
    const { page } = run.journey;
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('phone');
    await page.setViewportSize({ width: 1024, height: 768 });
  });
});
