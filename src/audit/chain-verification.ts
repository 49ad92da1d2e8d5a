import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { base64Sql, isoTimestampSql, POSTGRES_MAX_BIGINT } from '../common/sql-format';
import type { CheckpointVerifier, SignedCheckpoint } from './checkpoint-signer';

type ChainProblemKind =
  | 'missing-link'
  | 'link-mismatch'
  | 'content-mismatch'
  | 'missing-event'
  | 'unlinked-event'
  | 'checkpoint-mismatch'
  | 'checkpoint-beyond-head'
  | 'checkpoint-signature-invalid'
  | 'checkpoint-unknown-key';

interface ChainProblem {
  kind: ChainProblemKind;
  /** The chain position concerned; null for an event no link covers. */
  seq: number | null;
  eventId: string | null;
  message: string;
}

/** A checkpoint held outside the database; a signature, when given, is checked too. */
export type KeptCheckpoint = Pick<SignedCheckpoint, 'seq' | 'hash'> & Partial<Pick<SignedCheckpoint, 'createdAt' | 'keyId' | 'signature'>>;

export interface ChainVerification {
  valid: boolean;
  checkedAt: string;
  /** Links after this position were checked; 0 means from the start of the chain. */
  fromSeq: number;
  links: number;
  /** Events compared with the digest their link holds. */
  events: number;
  /** Links whose events lie in months archived out of the database (partitions detached). */
  archivedEvents: number;
  archivedBefore: string | null;
  head: { seq: number; hash: string } | null;
  checkpoints: { stored: number; signaturesValid: number; signedByUnknownKey: number; latest: SignedCheckpoint | null };
  keptCheckpoint: (KeptCheckpoint & { matches: boolean }) | null;
  firstProblem: ChainProblem | null;
  /** At most MAX_PROBLEMS, in chain order. */
  problems: ChainProblem[];
}

/** What the audit trail records of a verification: its counts and the first problem's kind and place, not its message. */
export function verificationSummary(result: ChainVerification): { links: number; valid: boolean; firstProblem: Pick<ChainProblem, 'kind' | 'seq'> | null } {
  return { links: result.links, valid: result.valid, firstProblem: result.firstProblem && { kind: result.firstProblem.kind, seq: result.firstProblem.seq } };
}

const LINK_BATCH = 100_000;
const EVENT_BATCH = 100_000;
const MAX_PROBLEMS = 50;

interface LinkRow {
  seq: string;
  eventId: string;
  hash: string;
  gap: boolean;
  linkBroken: boolean;
  links: string;
  lastSeq: string;
}

interface EventRow {
  seq: string | null;
  eventId: string;
  missing: boolean;
  unlinked: boolean;
  changed: boolean;
}

/**
 * Re-computes the audit hash chain and reports the first broken or missing link. Run it inside a
 * REPEATABLE READ transaction so every step sees the same snapshot. The database does the hashing
 * and hands back only problems: first the links in order of position, then every event against
 * its link, in ranges of event ids that its indexes serve directly.
 *
 * The hashing is written out here with PostgreSQL's built-in functions, not by calling the audit
 * schema's `event_digest` and `link_hash` that build the chain: whoever owns that schema (the
 * migrating login) could replace those with functions that hide an edit, and the verifier would
 * then agree with them.
 */
export async function verifyAuditChain(
  manager: EntityManager,
  verifier: CheckpointVerifier,
  options: { fromSeq?: number; kept?: KeptCheckpoint } = {},
): Promise<ChainVerification> {
  const fromSeq = options.fromSeq ?? 0;
  const problems: ChainProblem[] = [];
  const report = (problem: ChainProblem): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const archivedBefore = await oldestAttachedMonth(manager);

  let previous: { seq: number; hash: string | null } = { seq: fromSeq, hash: null };
  if (fromSeq > 0) {
    const [start] = await manager.query<{ hash: string | null; headSeq: string | null }[]>(
      `SELECT (SELECT encode(hash, 'hex') FROM audit.chain WHERE seq = $1) AS hash, (SELECT max(seq) FROM audit.chain)::text AS "headSeq"`,
      [fromSeq],
    );
    // Past the end is a wrong starting point, not evidence: links removed from the end are what checkpoints catch.
    if (start.headSeq === null || fromSeq > Number(start.headSeq)) {
      const problem = `fromSeq ${fromSeq} is beyond the chain's last link (${start.headSeq ?? 'none'})`;
      throw new DomainError('VALIDATION_FAILED', problem, [{ field: 'fromSeq', problem }]);
    }
    if (start.hash === null) report({ kind: 'missing-link', seq: fromSeq, eventId: null, message: `Link ${fromSeq}, where verification was asked to start, is missing` });
    previous = { seq: fromSeq, hash: start.hash };
  }

  let links = 0;
  for (;;) {
    const rows = await manager.query<LinkRow[]>(LINKS_SQL, [previous.seq, LINK_BATCH, previous.hash === null ? null : Buffer.from(previous.hash, 'hex')]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (row.gap) report({ kind: 'missing-link', seq, eventId: null, message: `The chain jumps to link ${seq}: the link(s) before it are missing` });
      else if (row.linkBroken) report({ kind: 'link-mismatch', seq, eventId: row.eventId, message: `Link ${seq} does not follow from link ${seq - 1}` });
    }
    const last = rows[rows.length - 1];
    links += Number(last.links);
    previous = { seq: Number(last.lastSeq), hash: last.hash };
    if (Number(last.links) < LINK_BATCH) break;
  }

  const { events, archivedEvents } = await checkEvents(manager, fromSeq, archivedBefore, report);
  const head = previous.hash === null ? null : { seq: previous.seq, hash: previous.hash };
  const checkpoints = await checkStoredCheckpoints(manager, verifier, head, report);
  const keptCheckpoint = options.kept ? await checkKeptCheckpoint(manager, verifier, options.kept, report) : null;

  const ordered = [...problems].sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
  return {
    valid: problems.length === 0,
    checkedAt: new Date().toISOString(),
    fromSeq,
    links,
    events,
    archivedEvents,
    archivedBefore: archivedBefore?.toISOString() ?? null,
    head,
    checkpoints,
    keptCheckpoint,
    firstProblem: ordered[0] ?? null,
    problems: ordered,
  };
}

/**
 * Link n is sha256(link n-1 || n || digest of event n); link 0 is 32 zero bytes. The same
 * definition as migrations/1795392000000-CreateTamperEvidentAuditTrail.ts, kept apart on purpose.
 */
function linkHashSql(previous: string, seq: string, eventHash: string): string {
  return `pg_catalog.sha256(COALESCE(${previous}, '\\x${'00'.repeat(32)}'::bytea) || pg_catalog.int8send(${seq}) || ${eventHash})`;
}

/** An event's content in its fixed, time-zone-independent form (digest version 1), as the migration defines it. */
function eventDigestSql(e: string): string {
  return `pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_array(
    'chronicle-audit-event/v1', ${e}.id, (EXTRACT(epoch FROM ${e}.occurred_at) * 1000000)::bigint,
    ${e}.actor_subject, ${e}.actor_agency, ${e}.actor_role, ${e}.action, ${e}.outcome, ${e}.child_id, ${e}.entry_ids, ${e}.fields,
    ${e}.purpose, ${e}.lawful_basis, ${e}.relationship, ${e}.access_claim_id, ${e}.break_glass, ${e}.correlation_id, ${e}.client_address, ${e}.details
  )::text, 'UTF8'))`;
}

const LINKS_SQL = `
  WITH batch AS (
    SELECT c.seq, c.event_id, c.event_hash, c.hash,
           lag(c.seq) OVER (ORDER BY c.seq) AS prev_seq, lag(c.hash) OVER (ORDER BY c.seq) AS prev_hash
      FROM audit.chain c
     WHERE c.seq > $1
     ORDER BY c.seq
     LIMIT $2
  ), checked AS (
    SELECT b.seq, b.event_id::text AS "eventId", encode(b.hash, 'hex') AS hash,
           b.seq <> COALESCE(b.prev_seq, $1) + 1 AS gap,
           b.hash <> ${linkHashSql('CASE WHEN b.prev_seq IS NULL THEN $3::bytea ELSE b.prev_hash END', 'b.seq', 'b.event_hash')} AS "linkBroken",
           count(*) OVER () AS links, max(b.seq) OVER () AS "lastSeq"
      FROM batch b
  )
  SELECT * FROM checked WHERE gap OR "linkBroken" OR seq = "lastSeq" ORDER BY seq`;

/**
 * Every event against its link: a linked event that is gone or changed, and an event no link
 * covers. Events of archived months are counted, not looked for. From a given position, only the
 * events linked after it (and any unlinked event as recent) are checked.
 *
 * Batches run from one event id to the next by keyset, each ending where EVENT_BATCH more ids
 * exist (in the events or in the chain, whichever comes first), so ids the sequence skipped cost
 * nothing however many there are.
 */
async function checkEvents(
  manager: EntityManager,
  fromSeq: number,
  archivedBefore: Date | null,
  report: (problem: ChainProblem) => void,
): Promise<{ events: number; archivedEvents: number }> {
  const since = archivedBefore ?? new Date(0);
  const [range] = await manager.query<{ first: string | null; archived: string }[]>(
    `SELECT LEAST((SELECT min(event_id) FROM audit.chain WHERE seq > $1 AND event_occurred_at >= $2), CASE WHEN $1 = 0 THEN (SELECT min(id) FROM audit.events) END) AS first,
            (SELECT count(*) FROM audit.chain WHERE seq > $1 AND event_occurred_at < $2) AS archived`,
    [fromSeq, since],
  );
  if (range.first === null) return { events: 0, archivedEvents: Number(range.archived) };
  let events = 0;
  let after: string | null = String(BigInt(range.first) - 1n);
  while (after !== null) {
    const last: string | null = (await manager.query<{ last: string | null }[]>(BATCH_END_SQL, [after, EVENT_BATCH]))[0].last;
    const [batch] = await manager.query<{ checked: string; problems: EventRow[] }[]>(EVENTS_SQL, [after, last ?? String(POSTGRES_MAX_BIGINT), since, fromSeq]);
    events += Number(batch.checked);
    for (const row of batch.problems) {
      const seq = row.seq === null ? null : Number(row.seq);
      if (row.unlinked) report({ kind: 'unlinked-event', seq: null, eventId: row.eventId, message: `Event ${row.eventId} is not in the chain: it was written without going through the audit trail` });
      else if (row.missing) report({ kind: 'missing-event', seq, eventId: row.eventId, message: `Event ${row.eventId}, linked at ${seq}, is missing` });
      else if (row.changed) report({ kind: 'content-mismatch', seq, eventId: row.eventId, message: `Event ${row.eventId}, linked at ${seq}, was changed after it was recorded` });
    }
    after = last;
  }
  return { events, archivedEvents: Number(range.archived) };
}


/**
 * Where the batch after event id $1 ends: at the $2-th id after it among the events or among the
 * links, whichever is nearer; null when neither has that many left (the last batch). Each side is
 * read in id order from its own index.
 */
const BATCH_END_SQL = `
  SELECT LEAST(
    (SELECT id FROM audit.events WHERE id > $1::bigint ORDER BY id OFFSET $2::int - 1 LIMIT 1),
    (SELECT event_id FROM audit.chain WHERE event_id > $1::bigint ORDER BY event_id OFFSET $2::int - 1 LIMIT 1)
  )::text AS last`;

/** Events and links with ids in ($1, $2]: how many events were compared, and the problems among them. */
const EVENTS_SQL = `
  WITH links AS (
    SELECT seq, event_id, event_occurred_at, event_hash FROM audit.chain
     WHERE event_id > $1::bigint AND event_id <= $2::bigint AND seq > $4 AND event_occurred_at >= $3
  ), stored AS (
    SELECT e.id, e.occurred_at, ${eventDigestSql('e')} AS digest FROM audit.events e
     WHERE e.id > $1::bigint AND e.id <= $2::bigint
  ), compared AS (
    SELECT l.seq, COALESCE(l.event_id, s.id)::text AS "eventId", s.id IS NULL AS missing, l.seq IS NULL AS unlinked,
           s.digest IS DISTINCT FROM l.event_hash AS changed, s.id IS NOT NULL AS stored
      FROM links l FULL JOIN stored s ON s.id = l.event_id AND s.occurred_at = l.event_occurred_at
     -- From a position on, events linked before it are not this check's business.
     WHERE l.seq IS NOT NULL OR $4 = 0 OR NOT EXISTS (SELECT 1 FROM audit.chain c WHERE c.event_id = s.id AND c.seq <= $4)
  )
  SELECT count(*) FILTER (WHERE stored) AS checked,
         COALESCE(json_agg(json_build_object('seq', seq, 'eventId', "eventId", 'missing', missing, 'unlinked', unlinked, 'changed', changed) ORDER BY seq)
                  FILTER (WHERE missing OR unlinked OR changed), '[]') AS problems
    FROM compared`;

/** Months before the oldest monthly partition still attached have been archived out of the database. */
async function oldestAttachedMonth(manager: EntityManager): Promise<Date | null> {
  const [row] = await manager.query<{ oldest: string | null }[]>(
    `SELECT min(child.relname) AS oldest
       FROM pg_inherits i
       JOIN pg_class child ON child.oid = i.inhrelid
       JOIN pg_class parent ON parent.oid = i.inhparent
       JOIN pg_namespace n ON n.oid = parent.relnamespace
      WHERE n.nspname = 'audit' AND parent.relname = 'events' AND child.relname ~ '^events_[0-9]{4}_[0-9]{2}$'`,
  );
  if (!row?.oldest) return null;
  const [, year, month] = /^events_(\d{4})_(\d{2})$/.exec(row.oldest)!;
  return new Date(Date.UTC(Number(year), Number(month) - 1, 1));
}

async function checkStoredCheckpoints(
  manager: EntityManager,
  verifier: CheckpointVerifier,
  head: { seq: number; hash: string } | null,
  report: (problem: ChainProblem) => void,
): Promise<ChainVerification['checkpoints']> {
  const rows = await manager.query<(SignedCheckpoint & { seq: string; chainHash: string | null })[]>(
    `SELECT k.seq, encode(k.hash, 'hex') AS hash, ${isoTimestampSql('k.created_at')} AS "createdAt",
            k.key_id AS "keyId", ${base64Sql('k.signature')} AS signature, encode(c.hash, 'hex') AS "chainHash"
       FROM audit.checkpoints k LEFT JOIN audit.chain c ON c.seq = k.seq
      ORDER BY k.seq, k.id`,
  );
  let signaturesValid = 0;
  let signedByUnknownKey = 0;
  let latest: SignedCheckpoint | null = null;
  for (const { chainHash, ...row } of rows) {
    const checkpoint: SignedCheckpoint = { ...row, seq: Number(row.seq) };
    latest = checkpoint;
    const signature = verifier.check(checkpoint);
    if (signature === 'valid') signaturesValid += 1;
    else {
      if (signature === 'unknown-key') signedByUnknownKey += 1;
      report(signatureProblem(checkpoint, 'stored', signature));
    }
    if (chainHash === null) {
      if (!head || checkpoint.seq > head.seq) {
        report({ kind: 'checkpoint-beyond-head', seq: checkpoint.seq, eventId: null, message: `A checkpoint was signed at link ${checkpoint.seq}, beyond the chain's last link: links have been removed` });
      }
    } else if (chainHash !== checkpoint.hash) {
      report({ kind: 'checkpoint-mismatch', seq: checkpoint.seq, eventId: null, message: `Link ${checkpoint.seq} differs from the checkpoint signed for it on ${checkpoint.createdAt}` });
    }
  }
  return { stored: rows.length, signaturesValid, signedByUnknownKey, latest };
}

/**
 * A checkpoint whose signature fails, or is by a key the verifier does not know, proves nothing:
 * anyone can make a key and sign with it. Where the key was rotated, the old public key verifies
 * its checkpoints (docs/audit.md).
 */
function signatureProblem(checkpoint: Pick<SignedCheckpoint, 'seq' | 'keyId'>, which: 'stored' | 'kept', signature: 'invalid' | 'unknown-key'): ChainProblem {
  return signature === 'unknown-key'
    ? {
        kind: 'checkpoint-unknown-key',
        seq: checkpoint.seq,
        eventId: null,
        message: `The checkpoint ${which} for link ${checkpoint.seq} is signed by key ${checkpoint.keyId}, which is not a known audit key`,
      }
    : { kind: 'checkpoint-signature-invalid', seq: checkpoint.seq, eventId: null, message: `The checkpoint ${which} for link ${checkpoint.seq} has an invalid signature` };
}

async function checkKeptCheckpoint(
  manager: EntityManager,
  verifier: CheckpointVerifier,
  kept: KeptCheckpoint,
  report: (problem: ChainProblem) => void,
): Promise<ChainVerification['keptCheckpoint']> {
  const hash = kept.hash.toLowerCase();
  if (kept.signature && kept.keyId && kept.createdAt) {
    const signature = verifier.check({ ...kept, hash, keyId: kept.keyId, createdAt: kept.createdAt, signature: kept.signature });
    // A checkpoint that proves nothing is not evidence against the chain either: it is reported, not compared.
    if (signature !== 'valid') {
      report(signatureProblem({ seq: kept.seq, keyId: kept.keyId }, 'kept', signature));
      return { ...kept, hash, matches: false };
    }
  }
  const [row] = await manager.query<{ hash: string }[]>(`SELECT encode(hash, 'hex') AS hash FROM audit.chain WHERE seq = $1`, [kept.seq]);
  const matches = row?.hash === hash;
  if (!row) report({ kind: 'checkpoint-beyond-head', seq: kept.seq, eventId: null, message: `The kept checkpoint is for link ${kept.seq}, which the chain no longer has` });
  else if (!matches) report({ kind: 'checkpoint-mismatch', seq: kept.seq, eventId: null, message: `Link ${kept.seq} differs from the kept checkpoint: the chain was rewritten` });
  return { ...kept, hash, matches };
}
