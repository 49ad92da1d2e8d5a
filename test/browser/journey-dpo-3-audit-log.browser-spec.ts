import { follow, journeyAgainstTestApp, tableRows } from './support/journeys';

/** The audit log: filters, paging, each event in plain words, and downloads of the same filter. */
describe('Journey DPO 3: the audit log (JavaScript off)', () => {
  const run = journeyAgainstTestApp('journey-dpo-3', { context: { javaScriptEnabled: false }, signedInAs: 'Catriona Baird' });
  const EVENTS = 'Events';

  const filter = async (choices: Record<string, string>) => {
    const { page } = run.journey;
    for (const [label, option] of Object.entries(choices)) await page.getByLabel(label, { exact: true }).selectOption({ label: option });
    await follow(page, page.getByRole('button', { name: 'Apply filters' }));
  };

  it('shows the newest events in plain words, a page at a time', async () => {
    const { page } = run.journey;
    await follow(page, page.getByRole('link', { name: 'Data protection' }));
    await follow(page, page.getByRole('link', { name: 'The audit log' }));
    const first = await tableRows(page, EVENTS);
    expect(first).toHaveLength(25);
    // The newest: the data protection officer's own look at the alert reports, a moment ago.
    expect(first[0][1]).toMatch(/^Catriona Baird \(data protection officer, North Lanarkshire Council Social Work Services\) /);
    await run.journey.check('audit-log');
    await follow(page, page.getByRole('link', { name: 'Older events' }));
    const second = await tableRows(page, EVENTS);
    expect(second).toHaveLength(25);
    expect(second[0]).not.toEqual(first[0]);
    await follow(page, page.getByRole('link', { name: 'Newest events' }));
    expect(new URL(page.url()).search).toBe('');
  });

  it('filters by what was done and its outcome: the refusal of a mentor not on the team', async () => {
    const { page } = run.journey;
    await filter({ 'What was done': "A child's merged chronology read", Outcome: 'Refused' });
    expect(await tableRows(page, EVENTS)).toEqual([
      [expect.any(String), expect.stringMatching(/^\S[^(]+ \(mentoring coordinator, Brighter Paths Mentoring\) was refused when trying to read Isla Brennan's chronology \(no relationship to the child\) Refused /)],
    ]);
    expect(new URL(page.url()).searchParams.get('action')).toBe('chronology.read');
    await run.journey.check('audit-log-refused');
  });

  it('filters break-glass, and downloads the same filter as CSV and FHIR', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/dpo/audit`);
    await filter({ 'Break-glass': 'Only break-glass' });
    const rows = await tableRows(page, EVENTS);
    expect(rows.map((row) => row[1])).toEqual([
      expect.stringMatching(/^Fiona Morrison \(guidance teacher, Calderbank Community School\) read Lewis Quinn's chronology, under emergency \(break-glass\) access Break-glass/),
      expect.stringMatching(/^Fiona Morrison .* read Lewis Quinn's identity record, under emergency \(break-glass\) access/),
      expect.stringMatching(/^Fiona Morrison .* claimed access to Lewis Quinn's record in an emergency, under emergency \(break-glass\) access/),
    ]);
    const csv = await page.request.get(new URL((await page.getByRole('link', { name: 'CSV' }).getAttribute('href'))!, page.url()).toString());
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(1 + rows.length);
    const fhir = await page.request.get(new URL((await page.getByRole('link', { name: 'FHIR AuditEvent bundle' }).getAttribute('href'))!, page.url()).toString());
    const bundle = (await fhir.json()) as { resourceType: string; entry: unknown[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry).toHaveLength(rows.length);
  });

  it('says what is wrong with a filter, the design system\'s way', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/dpo/audit?childId=not-a-child&from-day=40&from-month=1&from-year=2026`);
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('The start of the period must be a real date');
    await run.journey.check('audit-log-problem');
  });

  it('is usable at 320 px wide', async () => {
    const { page } = run.journey;
    await page.goto(`${run.testApp.baseUrl}/dpo/audit`);
    await page.setViewportSize({ width: 320, height: 700 });
    await run.journey.expectNoSidewaysScroll();
    await run.journey.check('audit-log-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
  });
});
