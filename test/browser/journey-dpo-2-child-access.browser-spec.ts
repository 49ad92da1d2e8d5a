import { follow, journeyAgainstTestApp, tableRows } from './support/journeys';

/**
 * "Who has looked at this child's record": each person with agency, role, relationship, first and
 * last access and how often, break-glass marked, the refused too, for a chosen period; as CSV.
 */
describe("Journey DPO 2: who has looked at a child's record", () => {
  const run = journeyAgainstTestApp('journey-dpo-2', { signedInAs: 'Catriona Baird' });

  const openAccessOf = async (identifier: string) => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/dpo`);
    await page.getByLabel('Identifier').fill(identifier);
    await follow(page, page.getByRole('button', { name: 'Search' }));
    await follow(page, page.getByRole('link', { name: /Who has looked at this record/ }));
  };

  it('lists who read the record, and who was refused, from the audit trail', async () => {
    const { page } = run.journey;
    await openAccessOf('2105243649');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe("Who has looked at Isla Brennan's record");
    const people = await tableRows(page, 'People who looked');
    expect(people.length).toBeGreaterThan(0);
    expect(people.map((row) => row[2])).toContain('As a member of the team');
    expect(await tableRows(page, 'Refused attempts')).toEqual([
      [expect.stringMatching(/^\S.* Practitioner$/), expect.any(String), expect.any(String), expect.any(String), '2', "Read the child's identity record Read the child's chronology"],
    ]);
    await run.journey.check('isla');
    const csv = await page.request.get(new URL((await page.getByRole('link', { name: /Download as CSV/ }).getAttribute('href'))!, page.url()).toString());
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('outcome,actor_subject,actor_name,actor_agency,actor_role,count,first_at,last_at,relationships,break_glass,actions,refusal_reasons');
    expect(lines.filter((line) => line.startsWith('refused,mentor.ali,'))).toEqual([expect.stringMatching(/,2,.*,false,child.read chronology.read,no-relationship$/)]);
    expect(lines.filter((line) => line.startsWith('read,'))).toHaveLength(people.length);
  });

  it('marks break-glass access', async () => {
    const { page } = run.journey;
    await openAccessOf('0309162157');
    const people = await tableRows(page, 'People who looked');
    expect(people.filter((row) => row[0].includes('Break-glass'))).toEqual([[expect.stringContaining('Fiona Morrison'), 'Calderbank Community School', 'Under emergency (break-glass) access', expect.any(String), expect.any(String), '3', expect.any(String)]]);
    // The chart: an image whose text is its summary, with the same numbers in a table.
    const chart = page.getByRole('img', { name: 'Accesses per day by agency' });
    expect(await chart.count()).toBe(1);
    expect(await page.locator('#chart-summary').innerText()).toMatch(/^\d+ accesses on \d+ of \d+ days from .*; \d+ refused; 3 under emergency \(break-glass\) access\.$/);
    await page.getByText('The numbers, as a table').click();
    const days = await tableRows(page, 'Accesses per day, by agency');
    expect(days.filter((row) => row[row.length - 1] !== '0')).toEqual([[expect.any(String), ...Array(days[0].length - 3).fill(expect.any(String)), '0', '3']]);
    await run.journey.check('lewis');
  });

  it('takes a period, and says what is wrong with one, the design system\'s way', async () => {
    const { page } = run.journey;
    const fill = async (end: 'From' | 'To (including that day)', day: string, month: string, year: string) => {
      const group = page.getByRole('group', { name: end });
      await group.getByLabel('Day').fill(day);
      await group.getByLabel('Month').fill(month);
      await group.getByLabel('Year').fill(year);
    };
    await fill('From', '10', '11', '2026');
    await fill('To (including that day)', '9', '11', '2026');
    await follow(page, page.getByRole('button', { name: 'Show this period' }));
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The end of the period must be the same as or after the start');
    expect(await page.getByRole('group', { name: 'To (including that day)' }).getByLabel('Day').inputValue()).toBe('9');
    await run.journey.check('period-problem');
    await fill('From', '1', '1', '2020');
    await fill('To (including that day)', '31', '12', '2020');
    await follow(page, page.getByRole('button', { name: 'Show this period' }));
    expect(await tableRows(page, 'People who looked')).toEqual([['Nobody opened this record in the period.']]);
    expect(new URL(page.url()).search).toBe('?from-day=1&from-month=1&from-year=2020&to-day=31&to-month=12&to-year=2020');
  });

  it('is usable at 320 px wide', async () => {
    const { page } = run.journey;
    await openAccessOf('0309162157');
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('lewis-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
  });
});
