import type { ChildAccessSummary } from './audit-reports.service';
import { csvCell } from './audit-csv';

const HEADER = ['outcome', 'actor_subject', 'actor_name', 'actor_agency', 'actor_role', 'count', 'first_at', 'last_at', 'relationships', 'break_glass', 'actions', 'refusal_reasons'];

/** "Who has looked at this child's record" as CSV: one line per person who reached it, then one per person refused. */
export function childAccessCsv(summary: ChildAccessSummary): string {
  const lines = [
    HEADER,
    ...summary.people.map((person) => ['read', person.actor.subject, person.actor.name, person.actor.agency, person.actor.role, person.accesses, person.firstAt, person.lastAt, person.relationships.join(' '), person.breakGlass, person.actions.join(' '), '']),
    ...summary.refused.map((person) => ['refused', person.actor.subject, person.actor.name, person.actor.agency, person.actor.role, person.attempts, person.firstAt, person.lastAt, '', false, person.actions.join(' '), person.reasons.join(' ')]),
  ];
  return lines.map((line) => `${line.map((value) => csvCell(value)).join(',')}\r\n`).join('');
}
