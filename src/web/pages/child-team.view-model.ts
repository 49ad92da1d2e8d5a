import type { ChildView } from '../../children/child.view';
import { todayIso } from '../../common/dates';
import type { InvolvementView } from '../../team/involvement.view';

/** The team page: who is on the team now and who was, and for each agency on it now, whom to contact. */
export function teamViewModel(child: ChildView, involvements: InvolvementView[], today = todayIso()) {
  const current = involvements.filter((involvement) => involvement.current);
  const agencies = new Map(current.flatMap(({ practitioner }) => (practitioner?.agency ? [[practitioner.agency.id, practitioner.agency] as const] : [])));
  return {
    child,
    current,
    past: involvements.filter((involvement) => involvement.endsOn !== null && involvement.endsOn < today).reverse(),
    upcoming: involvements.filter((involvement) => involvement.startsOn > today),
    agencies: [...agencies.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
