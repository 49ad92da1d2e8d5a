import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { postgresPool } from '../src/database/postgres-pool';
import { createChildWithTeam, USERS } from '../test/support/fixtures';
import { ENTRIES } from '../test/support/long-chronology';
import type { TestApp } from '../test/support/test-app';
import { Figures, measureInterleaved, printTable, readBody, round, verdict } from './bench-support';

const OVERHEAD_ROUNDS = 200;
const QUERY_ROUNDS = 50;
/** Each synthetic child's events over the thirteen months: the full 10 million-event history has 20,000 children. */
const EVENTS_PER_CHILD = 500;
const SYNTHETIC_USERS = 2_000;
const BATCH = 1_000_000;

/**
 * What writing the audit event costs a chronology read: the same request with its audit insert
 * and chain link, and without them. "Without" exists only in this scratch database: a trigger the
 * benchmark installs drops events whose correlation id says so. The server has no switch that
 * turns auditing off.
 */
export async function benchmarkAuditOverhead(testApp: TestApp, longChildId: string): Promise<Record<string, unknown>> {
  const smallChildId = await childWithTypicalChronology(testApp);
  await testApp.ownerQuery(`
    CREATE FUNCTION audit.bench_drop_marked_events() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RETURN NULL;
    END $$`);
  // The condition is in WHEN, so the events kept ("on") do not pay for a call of the function.
  await testApp.ownerQuery(`
    CREATE TRIGGER tr_bench_drop_marked_events BEFORE INSERT ON audit.events FOR EACH ROW
    WHEN (NEW.correlation_id LIKE 'bench-audit-off-%') EXECUTE FUNCTION audit.bench_drop_marked_events()`);
  try {
    const token = await testApp.tokenFor(USERS.police);
    let request = 0;
    const read = (childId: string, audit: 'on' | 'off', pageSize: number) => async (): Promise<void> => {
      request += 1;
      const { status } = await readBody(`${testApp.baseUrl}/api/children/${childId}/chronology?pageSize=${pageSize}`, {
        authorization: `Bearer ${token}`,
        'x-correlation-id': `bench-audit-${audit}-${request}`,
      });
      if (status !== 200) throw new Error(`HTTP ${status}`);
    };
    // Each size on its own: a small read straight after a long one pays for the long one's garbage
    // (about 4 ms here), which made whichever small read came second look dearer.
    const [longOn, longOff] = await measureInterleaved([read(longChildId, 'on', ENTRIES), read(longChildId, 'off', ENTRIES)], OVERHEAD_ROUNDS);
    const [smallOn, smallOff] = await measureInterleaved([read(smallChildId, 'on', 100), read(smallChildId, 'off', 100)], OVERHEAD_ROUNDS);
    const [{ on, off }] = await testApp.ownerQuery<{ on: number; off: number }>(
      `SELECT count(*) FILTER (WHERE correlation_id LIKE 'bench-audit-on-%')::int AS on, count(*) FILTER (WHERE correlation_id LIKE 'bench-audit-off-%')::int AS off FROM audit.events`,
    );
    if (off !== 0 || on === 0) throw new Error(`The audit switch did not work: ${on} events with audit on, ${off} with audit off`);
    const longRatio = longOn.p50 / longOff.p50;
    const smallRatio = smallOn.p50 / smallOff.p50;
    printTable('2. Audit writing on a chronology read (police user; interleaved; "off" only in this scratch database)', [
      [`${ENTRIES} entries, audit on (event with ${ENTRIES}-odd entry ids, chain link at commit)`, longOn],
      [`${ENTRIES} entries, audit off`, longOff],
      ['20 entries, audit on', smallOn],
      ['20 entries, audit off', smallOff],
    ]);
    verdict(`audit overhead, ${ENTRIES} entries (p50)`, `${((longRatio - 1) * 100).toFixed(1)}%`, '<= 10%', longRatio <= 1.1);
    verdict('audit overhead, 20 entries (p50)', `${((smallRatio - 1) * 100).toFixed(1)}%`, '<= 10%', smallRatio <= 1.1);
    return {
      long: { entries: ENTRIES, on: longOn, off: longOff, overheadP50: round(longRatio - 1) },
      small: { entries: 20, on: smallOn, off: smallOff, overheadP50: round(smallRatio - 1) },
    };
  } finally {
    await testApp.ownerQuery(`DROP TRIGGER tr_bench_drop_marked_events ON audit.events`);
    await testApp.ownerQuery(`DROP FUNCTION audit.bench_drop_marked_events()`);
  }
}

/** A child with about as many entries as a typical chronology: 20, through the API. */
async function childWithTypicalChronology(testApp: TestApp): Promise<string> {
  const childId = await createChildWithTeam(testApp, [
    { username: USERS.police, capacity: 'police-contact' },
    { username: USERS.healthVisitor, capacity: 'health-visitor' },
  ]);
  const token = await testApp.tokenFor(USERS.healthVisitor);
  for (let index = 0; index < 20; index += 1) {
    const response = await fetch(`${testApp.baseUrl}/api/children/${childId}/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        eventDate: new Date(Date.UTC(2024, 0, 1 + index * 17)).toISOString().slice(0, 10),
        eventType: 'health-assessment',
        summary: `Home visit ${index}: weighed and measured; growth steady.`,
        actionTaken: 'Next contact offered.',
      }),
    });
    if (response.status !== 201) throw new Error(`Could not record a typical entry: ${response.status}`);
  }
  return childId;
}

/**
 * The data protection officer's question "who accessed child X in the last year?" over a trail of
 * BENCH_AUDIT_ROWS events (10 million by default), asked twice: over a tenth of that history
 * (BENCH_AUDIT_BASE_ROWS), then again once the history has grown around child X to its full size.
 * Every child has about 500 events over thirteen months, 2,000 users act, so the full history has
 * 20,000 children; child X is one of the first, and the growth adds other children only, so its
 * answer is the same both times: what is asked stays put while the history grows tenfold. The
 * history is bulk-loaded as the owner with the indexes built afterwards, as one would load an
 * archive; its chain rows carry placeholder hashes (the history is not a verifiable chain, and
 * verification is measured for time only).
 */
export async function benchmarkAuditQueries(testApp: TestApp): Promise<Record<string, unknown>> {
  const rows = Number(process.env.BENCH_AUDIT_ROWS ?? 10_000_000);
  const baseRows = Number(process.env.BENCH_AUDIT_BASE_ROWS ?? Math.round(rows / 10));
  if (!(baseRows > 0 && baseRows < rows)) throw new Error(`BENCH_AUDIT_BASE_ROWS (${baseRows}) must be between 0 and BENCH_AUDIT_ROWS (${rows})`);
  const token = await testApp.tokenFor(USERS.dpo);
  const headers = { authorization: `Bearer ${token}` };

  process.stdout.write(`\nGenerating ${baseRows.toLocaleString('en-GB')} audit events (BENCH_AUDIT_BASE_ROWS)...\n`);
  const baseGeneration = await generateHistory(testApp, 0, baseRows);
  const atBase = await measureChildAccess(testApp, headers);
  process.stdout.write(`Growing the history to ${rows.toLocaleString('en-GB')} audit events (BENCH_AUDIT_ROWS), child X untouched...\n`);
  const generation = await generateHistory(testApp, baseRows, rows);
  const atFull = await measureChildAccess(testApp, headers);

  const started = performance.now();
  const verification = (await (await fetch(`${testApp.baseUrl}/api/audit/verify`, { headers })).json()) as { links: number };
  const verifyMs = performance.now() - started;

  const title =
    `4. "Who accessed child X in the last year?" over ${generation.total.toLocaleString('en-GB')} audit events ` +
    `(${generation.partitions} monthly partitions, ${generation.sizeGiB} GiB with indexes; child X: ${atFull.events} accesses by ${atFull.people} people in the year)`;
  printTable(title, [
    ['HTTP GET /api/audit/children/X/access?from=<a year ago> (DPO)', atFull.summary],
    ['HTTP GET /api/audit/events?childId=X&from=...&limit=50 (DPO)', atFull.firstPage],
    ['raw pg: the same grouping, same process', atFull.raw],
  ]);
  process.stdout.write(
    `grown from ${baseRows.toLocaleString('en-GB')} in ${(generation.ms / 1000).toFixed(0)} s (insert ${(generation.insertMs / 1000).toFixed(0)} s, indexes ${(generation.indexMs / 1000).toFixed(0)} s, chain rows ${(generation.chainMs / 1000).toFixed(0)} s); ` +
      `verifying all ${verification.links.toLocaleString('en-GB')} links took ${(verifyMs / 1000).toFixed(1)} s\n`,
  );
  verdict('who accessed child X in the last year (HTTP p95)', `${atFull.summary.p95.toFixed(1)} ms`, '< 100 ms', atFull.summary.p95 < 100);

  const growth = {
    summary: round(atFull.summary.p50 / atBase.summary.p50),
    firstPage: round(atFull.firstPage.p50 / atBase.firstPage.p50),
    raw: round(atFull.raw.p50 / atBase.raw.p50),
  };
  const scale = (count: number) => `${(count / 1e6).toLocaleString('en-GB')} M`;
  printTable(
    `12b. The same question as the history grows around child X, ${scale(baseGeneration.total)} -> ${scale(generation.total)} events ` +
      `(child X: ${atBase.events} accesses by ${atBase.people} people, then ${atFull.events} by ${atFull.people})`,
    [
      [`summary over ${scale(baseGeneration.total)}`, atBase.summary],
      [`summary over ${scale(generation.total)}`, atFull.summary],
      [`first page of events over ${scale(baseGeneration.total)}`, atBase.firstPage],
      [`first page of events over ${scale(generation.total)}`, atFull.firstPage],
      [`raw grouping over ${scale(baseGeneration.total)}`, atBase.raw],
      [`raw grouping over ${scale(generation.total)}`, atFull.raw],
    ],
  );
  process.stdout.write(`growth ratios (p50): first page ${growth.firstPage.toFixed(2)}x, raw grouping ${growth.raw.toFixed(2)}x\n`);
  verdict('summary, grown history / base history (p50)', `${growth.summary.toFixed(2)}x`, '<= 1.5x', growth.summary <= 1.5);
  return {
    rows: generation.total,
    baseRows: baseGeneration.total,
    baseGeneration,
    generation,
    childX: { accessesInYear: atFull.events, people: atFull.people },
    summary: atFull.summary,
    firstPage: atFull.firstPage,
    raw: atFull.raw,
    atBase: { summary: atBase.summary, firstPage: atBase.firstPage, raw: atBase.raw, childX: { accessesInYear: atBase.events, people: atBase.people } },
    growthRatioP50: growth,
    verifyAllLinksMs: round(verifyMs),
  };
}

/** The child the DPO asks about: among the first history's children, and so in none the growth adds. */
const CHILD_X = 0;

interface ChildAccessFigures {
  summary: Figures;
  firstPage: Figures;
  raw: Figures;
  people: number;
  events: number;
}

/** The summary, the first page of child X's events and the raw grouping, interleaved. */
async function measureChildAccess(testApp: TestApp, headers: Record<string, string>): Promise<ChildAccessFigures> {
  const childX = syntheticChild(CHILD_X);
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString();
  const pool: Pool = postgresPool(testApp.dataSource);
  let people = 0;
  let events = 0;
  const summary = async (): Promise<void> => {
    const response = await fetch(`${testApp.baseUrl}/api/audit/children/${childX}/access?from=${encodeURIComponent(yearAgo)}`, { headers });
    const body = (await response.json()) as { people: { accesses: number }[] };
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    people = body.people.length;
    events = body.people.reduce((sum, person) => sum + person.accesses, 0);
  };
  const firstPage = async (): Promise<void> => {
    const { status } = await readBody(`${testApp.baseUrl}/api/audit/events?childId=${childX}&from=${encodeURIComponent(yearAgo)}&limit=50`, headers);
    if (status !== 200) throw new Error(`HTTP ${status}`);
  };
  const raw = async (): Promise<void> => {
    await pool.query(
      `SELECT actor_subject, count(*), min(occurred_at), max(occurred_at) FROM audit.events
        WHERE child_id = $1 AND occurred_at >= $2 GROUP BY actor_subject`,
      [childX, yearAgo],
    );
  };
  const [summaryFigures, pageFigures, rawFigures] = await measureInterleaved([summary, firstPage, raw], QUERY_ROUNDS);
  return { summary: summaryFigures, firstPage: pageFigures, raw: rawFigures, people, events };
}

function syntheticChild(index: number): string {
  return `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

interface Generation {
  total: number;
  partitions: number;
  sizeGiB: number;
  ms: number;
  insertMs: number;
  indexMs: number;
  chainMs: number;
}

/**
 * Adds events number `from + 1` to `to` to the history, spread over the same thirteen months as the
 * events before them, for children of their own: a history grows around the children already in it.
 */
async function generateHistory(testApp: TestApp, from: number, to: number): Promise<Generation> {
  const started = performance.now();
  const firstChild = Math.ceil(from / EVENTS_PER_CHILD);
  const children = Math.max(1, Math.floor((to - from) / EVENTS_PER_CHILD));
  return testApp.asOwner(async (client) => {
    await client.query(`SET statement_timeout = 0`);
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(`SELECT audit.create_partitions((now() - interval '13 months')::date, (now() + interval '1 month')::date)`);
    const indexes = await client.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = 'audit' AND tablename = 'events' AND indexname <> 'pk_audit_events'`,
    );
    // Bulk load, then index: as an archive would be restored. The link trigger is bypassed; chain rows follow below.
    await client.query('SET session_replication_role = replica');
    for (const { name } of indexes.rows) await client.query(`DROP INDEX audit.${name}`);
    await client.query(`ALTER TABLE audit.events DROP CONSTRAINT pk_audit_events`);
    await client.query(`ALTER TABLE audit.chain DROP CONSTRAINT uq_audit_chain_event`);
    for (let offset = from; offset < to; offset += BATCH) {
      const size = Math.min(BATCH, to - offset);
      await client.query(
        `INSERT INTO audit.events (occurred_at, actor_subject, actor_agency, actor_role, action, outcome, child_id, entry_ids, fields, purpose, relationship, correlation_id, client_address, details)
         SELECT now() - interval '395 days' + ((i - $4::bigint)::float8 / $1::float8) * interval '395 days',
                'user-' || (abs(hashint8(i)) % ${SYNTHETIC_USERS}), (ARRAY['nhs-lanarkshire','calderbank-community-school','police-scotland','north-lanarkshire-social-work','brighter-paths-mentoring'])[1 + abs(hashint8(i)) % 5],
                'practitioner', (ARRAY['chronology.read','entry.read','child.read','entry.create','team.read','chronology.read'])[1 + i % 6],
                CASE WHEN i % 97 = 0 THEN 'denied' ELSE 'success' END,
                ('00000000-0000-4000-8000-' || lpad((${firstChild} + (i * 7919) % ${children})::text, 12, '0'))::uuid,
                ARRAY[gen_random_uuid(), gen_random_uuid(), gen_random_uuid()], ARRAY['eventDate','eventType','summary','author'],
                'case-work', 'involved', md5(i::text), '10.20.' || (i % 250) || '.' || (i % 200),
                jsonb_build_object('page', 1, 'pageSize', 100, 'total', 12 + i % 40, 'withheld', i % 3)
           FROM generate_series($2::bigint, $3::bigint) AS i`,
        [to - from, offset + 1, offset + size, from],
      );
      process.stdout.write(`  ${(offset + size).toLocaleString('en-GB')} rows, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
    const insertMs = performance.now() - started;
    await client.query(`ALTER TABLE audit.events ADD CONSTRAINT pk_audit_events PRIMARY KEY (id, occurred_at)`);
    for (const { definition } of indexes.rows) await client.query(definition.replace(' ON ONLY ', ' ON '));
    const indexMs = performance.now() - started - insertMs;
    await client.query(
      `INSERT INTO audit.chain (seq, event_id, event_occurred_at, event_hash, hash)
       SELECT (SELECT COALESCE(max(seq), 0) FROM audit.chain) + row_number() OVER (ORDER BY e.id), e.id, e.occurred_at, sha256(int8send(e.id)), sha256(int8send(e.id))
         FROM audit.events e WHERE NOT EXISTS (SELECT 1 FROM audit.chain c WHERE c.event_id = e.id)`,
    );
    await client.query(`ALTER TABLE audit.chain ADD CONSTRAINT uq_audit_chain_event UNIQUE (event_id)`);
    const chainMs = performance.now() - started - insertMs - indexMs;
    await client.query('SET session_replication_role = origin');
    await client.query('ANALYZE audit.events');
    await client.query('ANALYZE audit.chain');
    const [stats] = (
      await client.query<{ total: string; partitions: number; bytes: string }>(
        `SELECT (SELECT count(*) FROM audit.events) AS total,
                (SELECT count(*)::int FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = 'audit' AND p.relname = 'events') AS partitions,
                (SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = 'audit' AND p.relname = 'events') AS bytes`,
      )
    ).rows;
    return {
      total: Number(stats.total),
      partitions: stats.partitions,
      sizeGiB: round(Number(stats.bytes) / 2 ** 30),
      ms: round(performance.now() - started),
      insertMs: round(insertMs),
      indexMs: round(indexMs),
      chainMs: round(chainMs),
    };
  });
}
