/**
 * What one read disclosed, for the audit trail: the entries read, grouped by the set of fields read
 * of them. `entryIds` lists the groups' entries one group after another, `fieldSets` says how many
 * belong to each, and `fields` is every field disclosed, so a data protection officer can tell
 * which fields of which entries a reader saw without the event holding any content.
 */
export interface Disclosure {
  entryIds: string[];
  fields: string[];
  fieldSets: { fields: readonly string[]; entries: number }[];
}

export function disclosureOf(reads: Iterable<{ entryId: string; fields: readonly string[] }>): Disclosure {
  const groups = new Map<string, { fields: readonly string[]; entryIds: string[] }>();
  // Entries read under one projection share its list of fields: the list's key is worked out once, not once an entry.
  const keys = new Map<readonly string[], string>();
  for (const { entryId, fields } of reads) {
    let key = keys.get(fields);
    if (key === undefined) {
      key = fields.join(',');
      keys.set(fields, key);
    }
    const group = groups.get(key);
    if (group) group.entryIds.push(entryId);
    else groups.set(key, { fields, entryIds: [entryId] });
  }
  const all = [...groups.values()];
  return {
    entryIds: all.flatMap((group) => group.entryIds),
    fields: [...new Set(all.flatMap((group) => group.fields))],
    fieldSets: all.map((group) => ({ fields: group.fields, entries: group.entryIds.length })),
  };
}
