import { FIXTURES } from '../support/import-fixtures';
import * as path from 'node:path';
import { follow, journeyAgainstTestApp, tableRows } from './support/journeys';

/**
 * Importing a social work chronology for a child, with JavaScript off: upload the file, map its
 * event words, see every row checked, record them, and find them in the chronology's API.
 */
describe('Journey: import an agency chronology (JavaScript off)', () => {
  const run = journeyAgainstTestApp('journey-import', { context: { javaScriptEnabled: false }, signedInAs: 'Priya Patel' });
  const ROWS = 'Every row of the file';

  it('refuses a file that is not a chronology, in the design system\'s way', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: 'Isla Brennan' }));
    await follow(page, page.getByRole('link', { name: "Import your agency's chronology" }));
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe("Import your agency's chronology");
    await run.journey.check('upload');
    await follow(page, page.getByRole('button', { name: 'Upload and check' }));
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Choose a CSV or Excel file');
    await page.getByLabel("Your agency's chronology").setInputFiles(path.join(FIXTURES, 'zip-bomb.xlsx'));
    await follow(page, page.getByRole('button', { name: 'Upload and check' }));
    expect(await page.locator('#file-error').textContent()).toContain('zip bomb');
    await run.journey.check('upload-refused');
  });

  it('maps the event words, shows each row checked, and records them all', async () => {
    const { page } = run.journey;
    await page.getByLabel("Your agency's chronology").setInputFiles(path.join(FIXTURES, 'chronology-utf8.csv'));
    await follow(page, page.getByRole('button', { name: 'Upload and check' }));
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Check chronology-utf8.csv');
    expect(await page.getByLabel('What happened').inputValue()).toBe('summary');
    const rows = await tableRows(page, ROWS);
    expect(rows.map((row) => row[0])).toEqual(['2', '3', '4', '5']);
    expect(rows[0][3]).toContain('"Home visit" is not matched to an event type');
    expect(await page.getByRole('button', { name: /^Record/ }).count()).toBe(0);
    await run.journey.check('check-problems');

    await page.getByLabel('Home visit').selectOption('parent-support-offered');
    await page.getByLabel('CP conf').selectOption('child-protection-case-conference');
    await follow(page, page.getByRole('button', { name: 'Check the rows again' }));
    const checked = await tableRows(page, ROWS);
    expect(checked.map((row) => row[3])).toEqual(['Ready', 'Ready', 'Ready', 'Ready']);
    expect(checked[1][1]).toBe('c. 15 Jun 2016');
    await run.journey.check('check-ready');

    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('check-phone');
    await page.setViewportSize({ width: 1024, height: 768 });

    await follow(page, page.getByRole('button', { name: 'Record 4 entries' }));
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('4 entries recorded');
    await run.journey.check('done');
    const [{ count }] = await run.testApp.ownerQuery<{ count: number }>(`SELECT count(*)::int AS count FROM chronology_entry_versions WHERE source_reference LIKE '%(chronology-utf8.csv, row _)'`);
    expect(count).toBe(4);
  });
});
