import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { urlForLogin } from '../src/database/database-roles';
import { TEST_RUNTIME_LOGIN, TestApp } from '../test/support/test-app';
import { round } from './bench-support';

const SECONDS = Number(process.env.BENCH_CHAIN_SECONDS ?? 5);
const CONCURRENCY = [1, 4, 16, 50];
const BATCH = 10;

interface Run {
  concurrency: number;
  eventsPerTransaction: number;
  chain: boolean;
  eventsPerSecond: number;
  transactionsPerSecond: number;
}

/**
 * The audit chain's own ceiling. Every audit event is linked into one hash chain at commit under
 * one advisory lock, held until the commit is durable; so however many connections write, links
 * are made one at a time, and the chain's ceiling is one over the time the lock is held (the link
 * plus the commit's flush). Measured: events inserted as fast as 1-50 connections can, one event
 * per transaction (as a read writes it) and ten per transaction, with the link and, in this
 * scratch database only, with the link trigger disabled, alternating. Also the bytes an event and
 * an entry take, for the national sizing in docs/performance.md.
 */
export async function benchmarkChain(testApp: TestApp): Promise<Record<string, unknown>> {
  const pool = new Pool({ connectionString: urlForLogin(testApp.databaseUrl, TEST_RUNTIME_LOGIN.login, TEST_RUNTIME_LOGIN.password), max: Math.max(...CONCURRENCY) });
  const before = await sizes(testApp);
  const runs: Run[] = [];
  try {
    for (const eventsPerTransaction of [1, BATCH]) {
      for (const concurrency of CONCURRENCY) {
        for (const chain of [true, false]) {
          await setChain(testApp, chain);
          runs.push(await insertEvents(pool, concurrency, eventsPerTransaction, chain));
        }
      }
    }
  } finally {
    await setChain(testApp, true);
    await pool.end();
  }
  const after = await sizes(testApp);
  process.stdout.write(`\nThe audit chain's ceiling (events inserted for ${SECONDS} s per row; "unlinked" only in this scratch database)\n`);
  process.stdout.write(`${'connections'.padStart(11)} ${'events/tx'.padStart(9)} ${'linked ev/s'.padStart(12)} ${'unlinked ev/s'.padStart(14)}\n`);
  for (let index = 0; index < runs.length; index += 2) {
    const [linked, unlinked] = [runs[index], runs[index + 1]];
    process.stdout.write(`${String(linked.concurrency).padStart(11)} ${String(linked.eventsPerTransaction).padStart(9)} ${linked.eventsPerSecond.toFixed(0).padStart(12)} ${unlinked.eventsPerSecond.toFixed(0).padStart(14)}\n`);
  }
  const newEvents = after.events - before.events;
  const bytesPerEvent = round((after.eventBytes + after.chainBytes - before.eventBytes - before.chainBytes) / newEvents);
  // Below a thousand entries the tables' fixed pages would dominate.
  const bytesPerEntry = after.entries >= 1000 ? round(after.entryBytes / after.entries) : null;
  process.stdout.write(
    `bytes per audit event (with its chain link and indexes), over ${newEvents.toLocaleString('en-GB')} new events: ${bytesPerEvent}; ` +
      `bytes per entry (entry, versions, indexes) over the ${after.entries.toLocaleString('en-GB')} in the database: ${bytesPerEntry}\n`,
  );
  const linkedPeak = Math.max(...runs.filter((run) => run.chain && run.eventsPerTransaction === 1).map((run) => run.eventsPerSecond));
  return { seconds: SECONDS, runs, linkedPeakOneEventPerTransaction: linkedPeak, bytesPerEvent, bytesPerEntry, entries: after.entries, newEvents };
}

async function insertEvents(pool: Pool, concurrency: number, eventsPerTransaction: number, chain: boolean): Promise<Run> {
  const until = performance.now() + SECONDS * 1000;
  let events = 0;
  let transactions = 0;
  const childId = randomUUID();
  // As a 20-entry chronology read writes it: twenty entry ids, the fields read, the page.
  const entryIds = Array.from({ length: 20 }, () => randomUUID());
  const fields = ['eventDate', 'eventType', 'summary', 'actionTaken', 'wellbeingIndicators', 'sensitivity', 'author', 'sourceAgency'];
  const rows = Array.from({ length: eventsPerTransaction }, (_, index) => `($1, 'nhs-lanarkshire', 'practitioner', 'chronology.read', 'success', $2, $3, $4, 'case-work', 'involved', $5 || '-${index}', '127.0.0.1', $6)`);
  const text = `INSERT INTO audit.events (actor_subject, actor_agency, actor_role, action, outcome, child_id, entry_ids, fields, purpose, relationship, correlation_id, client_address, details) VALUES ${rows.join(', ')}`;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < until) {
          await client.query({ name: `bench_chain_${eventsPerTransaction}`, text, values: ['hv.hughes', childId, entryIds, fields, randomUUID(), { page: 1, pageSize: 100, total: 20, withheld: 0 }] });
          events += eventsPerTransaction;
          transactions += 1;
        }
      } finally {
        client.release();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { concurrency, eventsPerTransaction, chain, eventsPerSecond: round(events / elapsed), transactionsPerSecond: round(transactions / elapsed) };
}

async function setChain(testApp: TestApp, on: boolean): Promise<void> {
  await testApp.ownerQuery(`ALTER TABLE audit.events ${on ? 'ENABLE' : 'DISABLE'} TRIGGER tr_audit_events_link`);
}

async function sizes(testApp: TestApp): Promise<{ events: number; eventBytes: number; chainBytes: number; entries: number; entryBytes: number }> {
  const [row] = await testApp.ownerQuery<Record<string, string>>(
    `SELECT (SELECT count(*) FROM audit.events) AS events,
            (SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i WHERE i.inhparent = 'audit.events'::regclass) AS event_bytes,
            pg_total_relation_size('audit.chain') AS chain_bytes,
            (SELECT count(*) FROM chronology_entries) AS entries,
            pg_total_relation_size('chronology_entries') + pg_total_relation_size('chronology_entry_versions') AS entry_bytes`,
  );
  return { events: Number(row.events), eventBytes: Number(row.event_bytes), chainBytes: Number(row.chain_bytes), entries: Number(row.entries), entryBytes: Number(row.entry_bytes) };
}
