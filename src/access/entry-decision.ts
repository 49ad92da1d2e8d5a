import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { EntryAttributes, entrySubject, permittedEntryFields } from './ability.factory';
import { SENSITIVITIES, WRITABLE_ENTRY_FIELDS, WritableEntryField } from './access-policy';
import type { ChildAccess } from './child-access';

/**
 * What the caller may do with one entry of a child they have access to, decided by the ability:
 * every read of entries (the API, the explain endpoint, printed documents) asks these, and the
 * SQL of entry reads (entry-access-sql.ts) is the same rules translated.
 */

/** The entry's attributes as this caller sees them: `sharedWithMyAgency` depends on who asks. */
export function entryAttributes(
  access: ChildAccess,
  entry: { id: string; sourceAgencyId: string; sourceAgencyType: EntryAttributes['sourceAgencyType']; sensitivity: EntryAttributes['sensitivity'] },
): EntryAttributes {
  return {
    sourceAgencyId: entry.sourceAgencyId,
    sourceAgencyType: entry.sourceAgencyType,
    sensitivity: entry.sensitivity,
    sharedWithMyAgency: access.sharedEntryIds.includes(entry.id),
  };
}

/**
 * The caller may know the entry exists: read some field of it, or see its withheld marker, or (for
 * a write) `orMay` do that to it. Otherwise the entry is "not found", exactly as one that does not exist.
 */
export function mayKnowOf(access: ChildAccess, entry: EntryAttributes, orMay?: 'amend' | 'share'): boolean {
  const subject = entrySubject(entry);
  const { ability } = access;
  return ability.can('read', subject) || ability.can('locate', subject, 'sourceAgency') || (orMay !== undefined && ability.can(orMay, subject));
}

/**
 * Per ability (one request's), per combination of the attributes the policy looks at: a
 * chronology of 2,000 entries has a handful of combinations, and asking CASL afresh for each entry
 * was most of the garbage a long read or printout made.
 */
const readableFieldsByAbility = new WeakMap<ChildAccess['ability'], Map<string, ReadonlySet<string>>>();

/** The policy fields the caller may read of an entry with these attributes. */
export function readableFields(access: ChildAccess, entry: EntryAttributes): ReadonlySet<string> {
  let decided = readableFieldsByAbility.get(access.ability);
  if (!decided) readableFieldsByAbility.set(access.ability, (decided = new Map()));
  const key = `${entry.sourceAgencyId}|${entry.sourceAgencyType}|${entry.sensitivity}|${entry.sharedWithMyAgency}`;
  let fields = decided.get(key);
  if (!fields) decided.set(key, (fields = permittedEntryFields(access.ability, 'read', entrySubject(entry))));
  return fields;
}

/** Fields both decisions allow: an older version is shown only as far as its own sensitivity and the entry's current one both allow. */
export function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((field) => b.has(field)));
}

/**
 * The policy fields the caller may write on a new entry of this child: a form offers these and no
 * others. What may be written can depend on the sensitivity the writer chooses, so a field counts
 * if some sensitivity allows it; the write itself is checked against the sensitivity chosen.
 */
export function writableFieldsOfNewEntry(access: ChildAccess, user: Pick<Principal, 'agency'>): WritableEntryField[] {
  const writable = new Set(
    SENSITIVITIES.flatMap((sensitivity) => [
      ...permittedEntryFields(access.ability, 'create', entrySubject({ sourceAgencyId: user.agency.id, sourceAgencyType: user.agency.type, sensitivity, sharedWithMyAgency: false })),
    ]),
  );
  return WRITABLE_ENTRY_FIELDS.filter((field) => writable.has(field));
}

/**
 * An entry marked as entered in error is out of the record: no version follows that mark, and
 * nothing more is recorded of it (a sharing decision, an exemption from subject access, a release
 * to a subject access request, a dispute), whoever asks. Decided here for every path that changes
 * an entry, records something of it, or offers to.
 */
export function closedToChange(entry: { status: string }): boolean {
  return entry.status === 'entered-in-error';
}

/** What the refusal says, in words a page can show as they are. */
const ENTERED_IN_ERROR_MESSAGE = 'This entry is marked as entered in error: it is no longer part of the record, and nothing more can be recorded of it';

/**
 * The refusal of every write that acts on an entry once it is marked entered in error: 409
 * `ENTRY_ENTERED_IN_ERROR`, nothing changed. Asked only after the caller is found to know of the
 * entry (and to be let do this to it), so the refusal tells no one of an entry they may not know of.
 */
export function assertOpenToChange(entry: { status: string }): void {
  if (closedToChange(entry)) throw new DomainError('ENTRY_ENTERED_IN_ERROR', ENTERED_IN_ERROR_MESSAGE);
}

/** The policy fields the caller may change on an entry as it stands (none if they may not amend it). */
export function writableFieldsOfEntry(access: ChildAccess, entry: EntryAttributes): WritableEntryField[] {
  const writable = permittedEntryFields(access.ability, 'amend', entrySubject(entry));
  return WRITABLE_ENTRY_FIELDS.filter((field) => writable.has(field));
}
