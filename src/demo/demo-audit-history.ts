import { Client } from 'pg';
import type { CallerAction, PurposeOfUse } from '../audit/audit-vocabulary';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const HISTORY_DAYS = 30;

/** One event of the history, as the server would have written it. */
interface HistoryEvent {
  at: Date;
  actor: { subject: string; agency: string; role: string };
  action: CallerAction;
  outcome: 'success' | 'denied';
  childId: string;
  purpose: Extract<PurposeOfUse, 'case-work' | 'break-glass' | 'administration'>;
  relationship: 'involved' | 'emergency' | 'none' | null;
  claimId?: string;
  details: Record<string, unknown>;
}

interface TeamRow {
  childId: string;
  givenName: string;
  subject: string;
  agency: string;
  role: string;
}

interface PersonRow {
  id: string;
  subject: string;
  agency: string;
  role: string;
}

/**
 * A month of access to the demo children's records, so a data protection officer's reports have
 * something to show on first start: team members reading the chronologies of the children they
 * work with in working hours, an administrator checking teams, and the cases a DPO looks for: a
 * mentor refused a child who is not theirs, a teacher's emergency (break-glass) access at night,
 * and a social worker reading late in the evening.
 *
 * An event's time comes from the database's clock when the server writes it, and the server's role
 * may not write one of its own; so the history is written as the database owner, with the times it
 * describes, into the same audit trail: each event is linked into the hash chain as the owner's
 * transaction commits, exactly as any other, and the trail verifies. Demo mode only.
 */
export async function writeDemoAuditHistory(ownerUrl: string, now = new Date()): Promise<number> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const team = (
      await client.query<TeamRow>(
        `SELECT c.id AS "childId", c.given_name AS "givenName", p.subject, a.code AS agency, p.role
           FROM involvements i JOIN children c ON c.id = i.child_id JOIN practitioners p ON p.id = i.practitioner_id JOIN agencies a ON a.id = p.agency_id
          WHERE i.ends_on IS NULL ORDER BY c.date_of_birth, p.subject`,
      )
    ).rows;
    const people = new Map(
      (await client.query<PersonRow>(`SELECT p.id, p.subject, a.code AS agency, p.role FROM practitioners p JOIN agencies a ON a.id = p.agency_id`)).rows.map((person) => [person.subject, person]),
    );
    const children = [...new Map(team.map((member) => [member.givenName, member.childId])).entries()];
    const events = routineAccess(team, people, now);
    events.push(...notableAccess(team, people, new Map(children), now));
    const claim = events.find((event) => event.claimId)!;
    const claimant = people.get(claim.actor.subject)!;
    await client.query(`INSERT INTO access_claims (id, child_id, practitioner_id, kind, reason, granted_at, expires_at) VALUES ($1, $2, $3, 'emergency', $4, $5, $6)`, [
      claim.claimId,
      claim.childId,
      claimant.id,
      'Called by the out-of-hours service: Lewis did not come home after the school trip; checking for known places and contacts.',
      claim.at,
      new Date(claim.at.getTime() + 4 * 60 * MINUTE),
    ]);
    events.sort((a, b) => a.at.getTime() - b.at.getTime());
    const first = events[0].at.toISOString().slice(0, 10);
    // Months before this one have no partition yet; the owner's function makes them, as for restoring history.
    await client.query(`SELECT audit.create_partitions($1::date, $2::date)`, [first, now.toISOString().slice(0, 10)]);
    for (const [index, event] of events.entries()) {
      await client.query(
        `INSERT INTO audit.events (occurred_at, actor_subject, actor_agency, actor_role, action, outcome, child_id, purpose, relationship, access_claim_id,
                                   break_glass, correlation_id, client_address, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb)`,
        [
          event.at,
          event.actor.subject,
          event.actor.agency,
          event.actor.role,
          event.action,
          event.outcome,
          event.childId,
          event.purpose,
          event.relationship,
          event.claimId ?? null,
          event.purpose === 'break-glass',
          `demo-history-${String(index + 1).padStart(4, '0')}`,
          addressOf(event.actor.subject),
          JSON.stringify({ ...event.details, demoHistory: true }),
        ],
      );
    }
    await client.query('COMMIT');
    return events.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Team members reading their children's records on working days, in working hours; the administrator checking teams. */
function routineAccess(team: TeamRow[], people: Map<string, PersonRow>, now: Date): HistoryEvent[] {
  const random = seededRandom(20261203);
  const events: HistoryEvent[] = [];
  for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo -= 1) {
    const day = startOfUtcDay(now.getTime() - daysAgo * DAY);
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const member of team) {
      if (random() > 0.3) continue;
      const at = new Date(day + (8 * 60 + 45 + Math.floor(random() * 8 * 60)) * MINUTE);
      const actor = { subject: member.subject, agency: member.agency, role: member.role };
      const involved = { childId: member.childId, purpose: 'case-work' as const, relationship: 'involved' as const, outcome: 'success' as const };
      events.push({ ...involved, at, actor, action: 'child.read', details: {} });
      events.push({ ...involved, at: new Date(at.getTime() + MINUTE), actor, action: 'chronology.read', details: { filters: {}, page: 1, pageSize: 100 } });
    }
    const admin = people.get('admin.kerr');
    if (admin && weekday === 1) {
      const childId = team[Math.floor(random() * team.length)].childId;
      const actor = { subject: admin.subject, agency: admin.agency, role: admin.role };
      events.push({ at: new Date(day + 10 * 60 * MINUTE), actor, action: 'team.read', outcome: 'success', childId, purpose: 'administration', relationship: 'none', details: {} });
    }
  }
  return events;
}

/** What a DPO's reports exist to find: a refusal off the team, break-glass at night, a late read. */
function notableAccess(team: TeamRow[], people: Map<string, PersonRow>, children: Map<string, string>, now: Date): HistoryEvent[] {
  const actorOf = (subject: string) => {
    const person = people.get(subject)!;
    return { subject, agency: person.agency, role: person.role };
  };
  const isla = children.get('Isla')!;
  const lewis = children.get('Lewis')!;
  const connor = children.get('Connor')!;
  const events: HistoryEvent[] = [];
  // A mentor, on Connor's team only, opens Isla's record: refused, as for anyone with no relationship.
  const refusedAt = new Date(startOfUtcDay(now.getTime() - 9 * DAY) + (14 * 60 + 12) * MINUTE);
  for (const [offset, action] of [[0, 'child.read'], [1, 'chronology.read']] as const) {
    events.push({
      at: new Date(refusedAt.getTime() + offset * MINUTE),
      actor: actorOf('mentor.ali'),
      action,
      outcome: 'denied',
      childId: isla,
      purpose: 'case-work',
      relationship: null,
      details: { reason: 'no-relationship' },
    });
  }
  // A teacher not on Lewis's team claims emergency access one evening and reads under it.
  const claimId = '5d1e0c7a-2b3f-4c8d-9e10-0000000d3e01';
  const claimedAt = new Date(startOfUtcDay(now.getTime() - 12 * DAY) + (19 * 60 + 5) * MINUTE);
  const breakGlass = { actor: actorOf('teacher.morrison'), outcome: 'success' as const, childId: lewis, purpose: 'break-glass' as const, relationship: 'emergency' as const, claimId };
  events.push({ ...breakGlass, at: claimedAt, action: 'access.claim', details: { kind: 'emergency', expiresAt: new Date(claimedAt.getTime() + 4 * 60 * MINUTE).toISOString(), alert: 'data-protection-officer' } });
  events.push({ ...breakGlass, at: new Date(claimedAt.getTime() + 2 * MINUTE), action: 'child.read', details: {} });
  events.push({ ...breakGlass, at: new Date(claimedAt.getTime() + 3 * MINUTE), action: 'chronology.read', details: { filters: {}, page: 1, pageSize: 100 } });
  // The allocated social worker reads Connor's chronology late one evening.
  const lateAt = new Date(startOfUtcDay(now.getTime() - 5 * DAY) + (22 * 60 + 40) * MINUTE);
  const social = team.find((member) => member.childId === connor && member.subject === 'sw.patel');
  if (social) {
    events.push({ at: lateAt, actor: actorOf('sw.patel'), action: 'chronology.read', outcome: 'success', childId: connor, purpose: 'case-work', relationship: 'involved', details: { filters: {}, page: 1, pageSize: 100 } });
  }
  return events;
}

function startOfUtcDay(epochMs: number): number {
  return Math.floor(epochMs / DAY) * DAY;
}

/** Each person at a desk of their own, on the organisations' networks. */
function addressOf(subject: string): string {
  let hash = 0;
  for (const character of subject) hash = (hash * 31 + character.charCodeAt(0)) % 65_000;
  return `10.${20 + (hash % 40)}.${Math.floor(hash / 40) % 250}.${10 + (hash % 200)}`;
}

/** The same history on every first start (mulberry32). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
