import type { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { Clock } from '../../src/common/clock';
import { apiFor, createChildWithTeam, USERS, validEntry, validShare } from '../support/fixtures';
import { childWithLongChronology } from '../support/long-chronology';
import { startTestApp, TestApp } from '../support/test-app';

type Page = { total: number; items: { id: string; summary?: string }[]; withheldUndated: { count: number }[] };

/**
 * A page of the chronology is found from what each entry keeps of its current version (the date it
 * shows, its sensitivity) and numbered on from the entries before its first day, while a whole read
 * orders every entry in one pass (src/chronology/entry-sql.ts). Whatever the reader, the filters and
 * the page size, the pages must put together into the whole read, in its order, with its total:
 * entries that share a day, a month or a year; withheld markers sorted among readable entries;
 * amendments that moved an entry's date or changed its sensitivity; entries marked in error;
 * entries shared with a reader's agency. Totals and the undated-withheld counts come from running
 * counts the database keeps per agency, sensitivity and status, corrected entry by entry for shares.
 */
describe('chronology pages against the chronology read whole', () => {
  let testApp: TestApp;
  let childId: string;
  let sharedIds: string[];

  const WRITERS = [USERS.healthVisitor, USERS.police, USERS.socialWorker, USERS.teacher];
  const READERS = [USERS.healthVisitor, USERS.police, USERS.mentor, USERS.teacher];
  const DAYS = ['2025-01-15', '2025-01-15', '2025-01-31', '2025-02-01', '2025-02-14', '2025-02-14', '2025-03-03', '2025-06-30'];
  const SENSITIVITIES = ['standard', 'standard', 'sensitive', 'restricted'];
  const PRECISIONS = ['day', 'day', 'day', 'month', 'year'];

  beforeAll(async () => {
    // Hundreds of page reads by four users: far more than a person makes, so the per-user rate limit is off.
    testApp = await startTestApp({ env: { RATE_LIMIT_API_PER_SECOND: '0' } });
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
      { username: USERS.teacher, capacity: 'lead-professional' },
      { username: USERS.mentor, capacity: 'mentor' },
    ]);
    const written: { id: string; writer: string }[] = [];
    // Many entries to a day, month and year, so pages start and end inside them.
    for (let index = 0; index < 44; index += 1) {
      const writer = WRITERS[index % WRITERS.length];
      const body = validEntry({
        eventDate: DAYS[(index * 5) % DAYS.length],
        datePrecision: PRECISIONS[index % PRECISIONS.length],
        sensitivity: SENSITIVITIES[(index * 3) % SENSITIVITIES.length],
        eventType: index % 3 === 0 ? 'concern-raised' : 'health-assessment',
        significant: index % 4 === 0,
        ...(index % 6 === 1 ? { eventTime: `${String(8 + (index % 10)).padStart(2, '0')}:30` } : {}),
        summary: `Entry ${index}`,
      });
      const created = await apiFor(testApp, writer).post(`/api/children/${childId}/entries`, body);
      if (created.status !== 201) throw new Error(`entry ${index}: ${created.status} ${JSON.stringify(created.body)}`);
      written.push({ id: created.body.id, writer });
    }
    // Amendments that move entries to another day and precision, and change how sensitive they are.
    const amendments: [number, Record<string, unknown>][] = [
      [0, { eventDate: '2025-06-30', datePrecision: 'day' }],
      [5, { sensitivity: 'standard' }],
      [10, { eventDate: '2025-01-15', datePrecision: 'month', sensitivity: 'standard' }],
      [15, { sensitivity: 'sensitive', eventDate: '2025-02-14' }],
      [22, { datePrecision: 'year' }],
    ];
    for (const [index, changes] of amendments) {
      const { id, writer } = written[index];
      const amended = await apiFor(testApp, writer).post(`/api/entries/${id}/amendments`, { reason: 'Corrected', changes });
      if (amended.status !== 201) throw new Error(`amendment of ${index}: ${amended.status} ${JSON.stringify(amended.body)}`);
    }
    // Shares that let a reader see an entry its sensitivity would withhold: a restricted one (the police's), a sensitive one, and one marked in error below.
    const shares: [number, string][] = [
      [1, 'calderbank-community-school'],
      [9, 'brighter-paths-mentoring'],
      [6, 'brighter-paths-mentoring'],
      [30, 'brighter-paths-mentoring'],
    ];
    for (const [index, recipientAgency] of shares) {
      const { id, writer } = written[index];
      const shared = await apiFor(testApp, writer).post(`/api/entries/${id}/sharing-decisions`, validShare({ recipientAgency }));
      if (shared.status !== 201) throw new Error(`share of ${index}: ${shared.status} ${JSON.stringify(shared.body)}`);
    }
    for (const index of [7, 30]) {
      const { id, writer } = written[index];
      const marked = await apiFor(testApp, writer).post(`/api/entries/${id}/entered-in-error`, { reason: 'Wrong child' });
      if (marked.status !== 201) throw new Error(`entered in error ${index}: ${marked.status}`);
    }
    sharedIds = shares.map(([index]) => written[index].id);
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  const read = async (reader: string, query: string): Promise<Page> => {
    const response = await apiFor(testApp, reader).get(`/api/children/${childId}/chronology?${query}`);
    if (response.status !== 200) throw new Error(`${query}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Page;
  };

  const FILTERS = ['', 'to=2025-01-31', 'from=2025-02-01', 'agency=police-scotland&agency=calderbank-community-school', 'eventType=concern-raised', 'significant=true', 'includeEnteredInError=true'];

  it.each(READERS.flatMap((reader) => FILTERS.map((filter) => [reader, filter])))('for %s with "%s", pages of 1, 4 and 9 put together give the whole read', async (reader, filter) => {
    const whole = await read(reader, `${filter}&pageSize=2000`);
    const wholeIds = whole.items.map((item) => item.id);
    expect(whole.total).toBe(wholeIds.length);
    for (const pageSize of [1, 4, 9]) {
      const pages: string[] = [];
      const lastPage = Math.max(1, Math.ceil(whole.total / pageSize));
      for (let page = 1; page <= lastPage; page += 1) {
        const body = await read(reader, `${filter}&page=${page}&pageSize=${pageSize}`);
        // Each page, as the whole read, carries the undated counts on its first row; the page past the end reads them apart.
        expect({ pageSize, page, total: body.total, withheldUndated: body.withheldUndated }).toEqual({ pageSize, page, total: whole.total, withheldUndated: whole.withheldUndated });
        pages.push(...body.items.map((item) => item.id));
      }
      expect({ pageSize, ids: pages }).toEqual({ pageSize, ids: wholeIds });
      // A page with no row to carry the summary reads it apart.
      const pastTheEnd = await read(reader, `${filter}&page=${lastPage + 1}&pageSize=${pageSize}`);
      expect(pastTheEnd).toEqual(expect.objectContaining({ total: whole.total, items: [], withheldUndated: whole.withheldUndated }));
    }
  });

  it('the readers see different chronologies of the one child, so the cases above are not all one case', async () => {
    const totals = await Promise.all(READERS.map(async (reader) => (await read(reader, 'pageSize=2000')).total));
    expect(new Set(totals).size).toBeGreaterThan(1);
    const withheld = await read(USERS.mentor, 'pageSize=2000');
    expect(withheld.items.some((item) => !('summary' in item))).toBe(true);
    // Some reader is told of entries withheld with their dates, so the pages' undated summaries are compared with one that says something.
    const undated = await Promise.all(READERS.map(async (reader) => (await read(reader, 'pageSize=2000')).withheldUndated.length));
    expect(undated.some((groups) => groups > 0)).toBe(true);
  });

  it('the shares make the teacher and the mentor read entries their sensitivity withholds, counted in the totals', async () => {
    for (const reader of [USERS.teacher, USERS.mentor]) {
      const whole = await read(reader, 'pageSize=2000&includeEnteredInError=true');
      const readShared = whole.items.filter((item) => sharedIds.includes(item.id) && 'summary' in item);
      expect({ reader, shared: readShared.length }).toEqual({ reader, shared: reader === USERS.teacher ? 1 : 3 });
    }
  });

  describe('the running counts', () => {
    const RECOUNTED = `SELECT child_id, source_agency_id, sensitivity, status, count(*)::int AS entries FROM chronology_entries
                        WHERE shown_date IS NOT NULL AND sensitivity IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
    const KEPT = `SELECT child_id, source_agency_id, sensitivity, status, entries FROM chronology_entry_counts ORDER BY 1, 2, 3, 4`;
    const expectCountsRight = async () => {
      expect(await testApp.ownerQuery(KEPT)).toEqual(await testApp.ownerQuery(RECOUNTED));
      expect(await testApp.ownerQuery(`SELECT * FROM chronology_entry_count_changes`)).toEqual([]);
    };
    const NEW_ENTRY = `INSERT INTO chronology_entries (child_id, source_agency_id, author_id, recorded_at, status, current_version, shown_date, sensitivity)
                       SELECT $3, source_agency_id, author_id, now(), 'current', 1, $2, 'restricted' FROM chronology_entries WHERE child_id = $1 LIMIT 1
                       RETURNING id`;
    const newEntry = (client: Client, day: string, child = childId) => client.query<{ id: string }>(NEW_ENTRY, [childId, day, child]);

    it('are the entries counted afresh, through the API’s amendments, markings in error and shares', async () => {
      await expectCountsRight();
      expect((await testApp.ownerQuery<{ child_id: string }>(KEPT)).filter((group) => group.child_id === childId).length).toBeGreaterThan(4);
    });

    it('follow every statement of the owner’s: entries moved between groups, written and deleted', async () => {
      const police = `(SELECT id FROM agencies WHERE code = 'police-scotland')`;
      const moved = (await testApp.ownerQuery<{ id: string }>(`UPDATE chronology_entries SET status = 'amended' WHERE child_id = $1 AND status = 'current' AND source_agency_id = ${police} RETURNING id`, [childId])).map(({ id }) => id);
      expect(moved.length).toBeGreaterThan(0);
      await expectCountsRight();
      await testApp.ownerQuery(`UPDATE chronology_entries SET status = 'current' WHERE id = ANY($1::uuid[])`, [moved]);
      await expectCountsRight();
      const [written] = await testApp.asOwner(async (client) => (await newEntry(client, '2025-01-01')).rows);
      await expectCountsRight();
      await testApp.ownerQuery(`DELETE FROM chronology_entries WHERE id = $1`, [written.id]);
      await expectCountsRight();
    });

    it('change when a writer commits, and writers to one child do not wait for each other until then', async () => {
      const before = await testApp.ownerQuery(KEPT);
      await testApp.asOwner((first) =>
        testApp.asOwner(async (second) => {
          await first.query('BEGIN');
          await second.query('BEGIN');
          await newEntry(first, '2025-03-01');
          // Were the counts' lock taken with the entry, the second writer would wait here for the first to commit.
          await second.query(`SET LOCAL lock_timeout = '2s'`);
          await newEntry(second, '2025-03-02');
          expect(await testApp.ownerQuery(KEPT)).toEqual(before);
          expect((await first.query(KEPT)).rows).toEqual(before);
          await first.query('COMMIT');
          await second.query('ROLLBACK');
        }),
      );
      await expectCountsRight();
      expect(await testApp.ownerQuery(KEPT)).not.toEqual(before);
    });

    it('are added at commit in one lock order, whatever order a transaction wrote children and audit events in', async () => {
      const otherChild = await createChildWithTeam(testApp, [{ username: USERS.police, capacity: 'police-contact' }]);
      const audit = testApp.app.get(AuditService);
      const event = (manager: EntityManager) => audit.recordSystemEvent(manager, { action: 'retention.review-run', details: { counted: 'concurrently' } });
      const entry = (manager: EntityManager, child: string) => manager.query(NEW_ENTRY, [childId, '2025-04-01', child]);
      // Each pair commits at once, having taken its locks in opposite orders; a deadlock fails one of them.
      const together = async (first: (manager: EntityManager) => Promise<void>, second: (manager: EntityManager) => Promise<void>) => {
        let arrived = 0;
        let release!: () => void;
        const bothWritten = new Promise<void>((resolve) => (release = resolve));
        const writer = (work: (manager: EntityManager) => Promise<void>) =>
          testApp.dataSource.transaction(async (manager) => {
            await work(manager);
            arrived += 1;
            if (arrived === 2) release();
            await bothWritten;
          });
        const outcomes = await Promise.allSettled([writer(first), writer(second)]);
        expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'committed'))).toEqual(['committed', 'committed']);
      };
      for (let round = 0; round < 8; round += 1) {
        await together(
          async (manager) => {
            await entry(manager, childId);
            await entry(manager, otherChild);
          },
          async (manager) => {
            await entry(manager, otherChild);
            await entry(manager, childId);
          },
        );
        await together(
          async (manager) => {
            await event(manager);
            await entry(manager, childId);
          },
          async (manager) => {
            await entry(manager, childId);
            await event(manager);
          },
        );
      }
      await expectCountsRight();
    });
  });

  it('every entry keeps its current version’s shown date and sensitivity, whoever writes', async () => {
    const drifted = () =>
      testApp.ownerQuery<{ id: string }>(
        `SELECT e.id FROM chronology_entries e JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
          WHERE (e.shown_date, e.sensitivity) IS DISTINCT FROM (chronology_shown_date(v.event_date, v.date_precision), v.sensitivity)`,
      );
    expect(await drifted()).toEqual([]);
    expect((await testApp.ownerQuery(`SELECT count(*)::int AS n FROM chronology_entries WHERE child_id = $1 AND shown_date IS NULL`, [childId]))[0]).toEqual({ n: 0 });

    // The server's own role cannot set them; its owner can try, and the database puts them back.
    await expect(testApp.dataSource.query(`UPDATE chronology_entries SET shown_date = '1900-01-01' WHERE child_id = $1`, [childId])).rejects.toThrow(/permission denied/);
    await testApp.ownerQuery(`UPDATE chronology_entries SET shown_date = '1900-01-01', sensitivity = 'standard' WHERE child_id = $1`, [childId]);
    expect(await drifted()).toEqual([]);

    // A writer that inserts the entry first and its version after (as a bulk load might) gets the keys from the version.
    await testApp.asOwner(async (client) => {
      const [entry] = (
        await client.query<{ id: string; author_id: string }>(
          `INSERT INTO chronology_entries (child_id, source_agency_id, author_id, recorded_at, status, current_version, shown_date, sensitivity)
           SELECT child_id, source_agency_id, author_id, now(), 'current', 1, '1900-01-01', 'standard' FROM chronology_entries WHERE child_id = $1 LIMIT 1
           RETURNING id, author_id`,
          [childId],
        )
      ).rows;
      await client.query(
        `INSERT INTO chronology_entry_versions (entry_id, version_number, change, changed_by_id, changed_at, event_date, date_precision, event_type, summary,
            significant, nature, information_source, sensitivity, names_third_parties)
         VALUES ($1, 1, 'created', $2, now(), '2025-05-17', 'month', 'concern-raised', 'Loaded', false, 'neutral', 'first-hand', 'restricted', false)`,
        [entry.id, entry.author_id],
      );
      const [kept] = (await client.query(`SELECT shown_date::text, sensitivity FROM chronology_entries WHERE id = $1`, [entry.id])).rows;
      expect(kept).toEqual({ shown_date: '2025-05-01', sensitivity: 'restricted' });
    });
    expect(await drifted()).toEqual([]);
  });
});

/**
 * A page's total is counted from the entries alone. A destroyed entry keeps its row (status
 * 'destroyed', no keys) and its sharing decisions, and a share makes an entry readable whatever its
 * sensitivity: it must still count nowhere, as no page or whole read shows it.
 */
describe('a destroyed entry that was shared with the reader', () => {
  let testApp: TestApp;
  let childId: string;
  let destroyedId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    const clock = testApp.app.get(Clock);
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
    ]);
    const record = async (username: string, overrides: Record<string, unknown>): Promise<string> => {
      const created = await apiFor(testApp, username).post(`/api/children/${childId}/entries`, validEntry(overrides));
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      return created.body.id;
    };
    destroyedId = await record(USERS.healthVisitor, { eventDate: '2025-02-03', sensitivity: 'restricted', summary: 'CANARY-DESTROYED' });
    await record(USERS.police, { eventDate: '2025-03-01', eventType: 'concern-raised', summary: 'Police one' });
    await record(USERS.police, { eventDate: '2025-03-02', eventType: 'concern-raised', summary: 'Police two' });
    const shared = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${destroyedId}/sharing-decisions`, validShare());
    expect(shared.status).toBe(201);
    jest.spyOn(clock, 'now').mockReturnValue(new Date('2044-06-16T12:00:00Z'));
    const destroyed = await apiFor(testApp, USERS.dpo).post('/api/retention/destructions', {
      childId,
      retentionClass: 'child-health-record',
      reason: 'Reached the 25th birthday; no reason to keep it longer',
    });
    expect(destroyed.status).toBe(201);
    expect(destroyed.body.entryIds).toEqual([destroyedId]);
    jest.restoreAllMocks();
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  const read = async (query: string): Promise<Page> => {
    const response = await apiFor(testApp, USERS.police).get(`/api/children/${childId}/chronology?${query}`);
    expect(response.status).toBe(200);
    return response.body as Page;
  };

  it('a page carries the whole read’s total, not one that counts the destroyed entry', async () => {
    const whole = await read('pageSize=2000');
    expect(whole.items.map((item) => item.id)).not.toContain(destroyedId);
    expect(whole.total).toBe(2);
    const first = await read('page=1&pageSize=1');
    expect(first.total).toBe(whole.total);
    const pastTheEnd = await read('page=3&pageSize=1');
    expect(pastTheEnd).toMatchObject({ total: whole.total, items: [] });
  });

  it('a filter that joins the version and one that does not give the same total', async () => {
    const joined = await read('from=1900-01-01&pageSize=1');
    const notJoined = await read('pageSize=1');
    expect(notJoined.total).toBe(joined.total);
  });

  it('the destroyed entry’s agency shows no entry in the agency’s filtered chronology, and its total says so', async () => {
    const whole = await read('agency=nhs-lanarkshire&pageSize=2000');
    expect(whole).toMatchObject({ total: 0, items: [] });
    // Page 1 with no rows falls back to total 0; page 2 asks the count statement.
    const secondPage = await read('agency=nhs-lanarkshire&page=2&pageSize=1');
    expect(secondPage).toMatchObject({ total: 0, items: [] });
  });
});

/** Periods (end dates) under `from`, and entries shared with the reader's agency, page as the whole read does. */
describe('pages of periods and of shared entries against the chronology read whole', () => {
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RATE_LIMIT_API_PER_SECOND: '0' } });
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.mentor, capacity: 'mentor' },
    ]);
    const starts = ['2024-11-03', '2025-01-10', '2025-01-10', '2025-02-01', '2025-02-20'];
    for (let index = 0; index < 20; index += 1) {
      const writer = index % 2 === 0 ? USERS.healthVisitor : USERS.police;
      const start = starts[index % starts.length];
      const created = await apiFor(testApp, writer).post(
        `/api/children/${childId}/entries`,
        validEntry({
          eventDate: start,
          ...(index % 3 === 0 ? { eventEndDate: '2025-03-15' } : {}),
          datePrecision: index % 7 === 3 ? 'month' : 'day',
          sensitivity: ['standard', 'sensitive', 'restricted'][index % 3],
          summary: `Period ${index}`,
        }),
      );
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      if (index % 4 === 0 && writer === USERS.healthVisitor) {
        const shared = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${created.body.id}/sharing-decisions`, validShare());
        if (shared.status !== 201) throw new Error(JSON.stringify(shared.body));
      }
    }
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it.each([USERS.police, USERS.mentor, USERS.healthVisitor].flatMap((reader) => ['from=2025-02-01', 'from=2025-03-01', 'from=2025-01-10&to=2025-02-01', ''].map((filter) => [reader, filter])))(
    'for %s with "%s"',
    async (reader, filter) => {
      const read = async (query: string): Promise<Page> => (await apiFor(testApp, reader).get(`/api/children/${childId}/chronology?${query}`)).body as Page;
      const whole = await read(`${filter}&pageSize=2000`);
      for (const pageSize of [1, 3]) {
        const ids: string[] = [];
        for (let page = 1; page <= Math.max(1, Math.ceil(whole.total / pageSize)); page += 1) {
          const body = await read(`${filter}&page=${page}&pageSize=${pageSize}`);
          expect(body.total).toBe(whole.total);
          ids.push(...body.items.map((item) => item.id));
        }
        expect(ids).toEqual(whole.items.map((item) => item.id));
      }
    },
  );
});

describe('large pages of a chronology longer than one of them', () => {
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RATE_LIMIT_API_PER_SECOND: '0' } });
    ({ childId } = await childWithLongChronology(testApp, 2300));
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('pages of 1,000 (read in one pass) and of 100 (found by their days) give one chronology, total and undated counts', async () => {
    const read = async (page: number, pageSize: number): Promise<Page> => {
      const response = await apiFor(testApp, USERS.police).get(`/api/children/${childId}/chronology?page=${page}&pageSize=${pageSize}`);
      if (response.status !== 200) throw new Error(`page ${page} of ${pageSize}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body as Page;
    };
    const { total, withheldUndated } = await read(1, 1000);
    expect(total).toBeGreaterThan(2000);
    // The police are told of other agencies' restricted entries without their dates: the counts compared say something.
    expect(withheldUndated.length).toBeGreaterThan(0);
    const pagesOf = async (pageSize: number): Promise<string[]> => {
      const ids: string[] = [];
      const lastPage = Math.ceil(total / pageSize);
      for (let page = 1; page <= lastPage + 1; page += 1) {
        const body = await read(page, pageSize);
        expect({ pageSize, page, total: body.total, withheldUndated: body.withheldUndated, past: body.items.length === 0 }).toEqual({ pageSize, page, total, withheldUndated, past: page > lastPage });
        ids.push(...body.items.map((item) => item.id));
      }
      return ids;
    };
    const inThousands = await pagesOf(1000);
    expect(inThousands).toHaveLength(total);
    expect(await pagesOf(100)).toEqual(inThousands);
  });
});
