import type { Principal } from '../../auth/principal';
import type { PolicyExplanation } from '../../access/policy-explanation.view';
import { ENTRY_FIELD_LABELS, SENSITIVITY_LABELS } from '../entry-labels';
import { ukDateTime, VIEW_FILTERS } from '../view-filters';

const label = (field: string) => ENTRY_FIELD_LABELS[field] ?? field;

/**
 * "Why can't I see this?" in plain words, from the policy explainer's answer (which asks the same
 * ability every read does): who you are to the child, what you may see of the entry and by which
 * rule of the policy, what you may not, when you could, and whom to ask.
 */
export function explanationViewModel(explanation: PolicyExplanation, user: Principal) {
  const entry = explanation.entry!;
  const { relationship, claim } = explanation.child;
  const standing = {
    involved: "on the child's team",
    'self-claimed': `with access you asked for, because you work with the child${claim ? `, until ${ukDateTime(claim.expiresAt)}` : ''}`,
    emergency: `with emergency access${claim ? `, until ${ukDateTime(claim.expiresAt)}` : ''}`,
    none: "not on the child's team",
  }[relationship];
  const granted = new Map<string, { description: string; fields: string[] }>();
  for (const field of entry.fields.filter((candidate) => candidate.readable && candidate.grantedBy)) {
    const rule = field.grantedBy!;
    if (!granted.has(rule.id)) granted.set(rule.id, { description: rule.description, fields: [] });
    granted.get(rule.id)!.fields.push(label(field.field));
  }
  // What the marker in the entry's place shows (its date, its sensitivity) is not withheld: it is listed with what you can see, by the locate rule that shows it.
  for (const field of entry.fields.filter((candidate) => !candidate.readable && candidate.shownOnMarker)) {
    const rule = field.shownOnMarker!;
    if (!granted.has(rule.id)) granted.set(rule.id, { description: rule.description, fields: [] });
    granted.get(rule.id)!.fields.push(label(field.field));
  }
  const withheld = entry.fields.filter((field) => !field.readable && !field.shownOnMarker);
  const wouldSeeUnder = [...new Map(withheld.flatMap((field) => field.wouldBeReadableUnder ?? []).map((rule) => [rule.id, rule.description])).values()];
  return {
    you: `You are ${article(VIEW_FILTERS.role(user.role))} ${VIEW_FILTERS.role(user.role).toLowerCase()} at ${user.agency.name} (${VIEW_FILTERS.agencyType(user.agency.type).toLowerCase()}), ${standing}.`,
    source: entry.sourceAgency,
    sensitivity: (SENSITIVITY_LABELS[entry.sensitivity as keyof typeof SENSITIVITY_LABELS] ?? entry.sensitivity).toLowerCase(),
    sharedWithYourAgency: entry.sharedWithYourAgency,
    grantedBy: [...granted.values()].map(({ description, fields }) => ({ description, fields: fields.join(', ') })),
    withheld: withheld.map((field) => label(field.field)).join(', '),
    wouldSeeUnder,
    youMay: entry.youMay,
  };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
