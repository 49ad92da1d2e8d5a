import { READABLE_ENTRY_FIELDS, ReadableEntryField } from '../access/access-policy';
import type { DocumentItem } from '../export/document-entries';
import type { EntryView } from '../chronology/entry.view';
import { EXEMPTION_CODES, RequesterCapacity, SUBJECT_ACCESS_EXEMPTIONS, SubjectAccessExemption } from './exemptions';

/**
 * What a subject access pack holds, decided here from what the pack service read; the JSON is
 * this, and the PDF (pack-letter.ts) says the same in words. Nothing about an exempt entry is in
 * it but its count under its exemption: no date, agency, share or id.
 */
export const PACK_FORMAT = 'chronicle-subject-access-pack/1';

/** An entry as the data subject receives it: the view's fields (already narrowed), and whether what it says was left out because it names other people. */
export type PackEntry = Omit<EntryView, 'kind' | 'withheld' | 'childId'> & { otherPeopleRedacted: boolean };

export interface PackShare {
  date: string;
  entryId: string;
  recipient: { name: string; type: string };
  lawfulBasis: string | null;
}

export interface PackCopy {
  date: string;
  audience: string;
  madeBy: string;
  lawfulBasis: string;
}

export interface PackAccess {
  agency: string;
  agencyType: string | null;
  role: string;
  times: number;
  first: string;
  last: string;
}

export interface SubjectAccessPack {
  format: typeof PACK_FORMAT;
  packId: string;
  producedAt: string;
  request: { id: string; requester: string; capacity: RequesterCapacity; receivedOn: string; dueOn: string };
  child: { name: string; dateOfBirth: string };
  /** Whom to contact about the pack: the data protection officer's agency. */
  contact: { agency: string; details: string | null };
  entries: PackEntry[];
  /** Items held back, counted per exemption; an exemption with none is not listed. */
  withheld: { exemption: SubjectAccessExemption; description: string; law: string; count: number }[];
  sharedWith: PackShare[];
  copiesMade: PackCopy[];
  accessedBy: PackAccess[];
  /** Why it is held and on what basis (Art. 15(1)(a)), from config/records-management.json. */
  purposes: { purpose: string; lawfulBasis: string }[];
  /** How long each kind of record is kept (Art. 15(1)(d)), from the same file. */
  retention: { record: string; keptFor: string }[];
}

export interface PackInputs {
  packId: string;
  producedAt: Date;
  request: SubjectAccessPack['request'];
  child: SubjectAccessPack['child'];
  contact: SubjectAccessPack['contact'];
  items: DocumentItem[];
  /** The exemption in force for each exempt entry of the child. */
  exemptions: ReadonlyMap<string, SubjectAccessExemption>;
  shares: PackShare[];
  copies: PackCopy[];
  accessedBy: PackAccess[];
  purposes: SubjectAccessPack['purposes'];
  retention: SubjectAccessPack['retention'];
}

/** The pack: entries not exempt (redacted as the audience and releases decided), exempt ones only counted, shares of shown entries only. */
export function buildPack(inputs: PackInputs): { pack: SubjectAccessPack; shownItems: DocumentItem[] } {
  const counts = new Map<SubjectAccessExemption, number>();
  const shownItems: DocumentItem[] = [];
  for (const item of inputs.items) {
    const exemption = inputs.exemptions.get(item.entryId);
    if (exemption) counts.set(exemption, (counts.get(exemption) ?? 0) + 1);
    else if (item.shown === 'entry') shownItems.push(item);
  }
  const shown = new Set(shownItems.map((item) => item.entryId));
  return {
    shownItems,
    pack: {
      format: PACK_FORMAT,
      packId: inputs.packId,
      producedAt: inputs.producedAt.toISOString(),
      request: inputs.request,
      child: inputs.child,
      contact: inputs.contact,
      entries: shownItems.map(packEntry),
      withheld: EXEMPTION_CODES.filter((code) => counts.has(code)).map((code) => ({
        exemption: code,
        description: SUBJECT_ACCESS_EXEMPTIONS[code].label,
        law: SUBJECT_ACCESS_EXEMPTIONS[code].law,
        count: counts.get(code)!,
      })),
      sharedWith: inputs.shares.filter((share) => shown.has(share.entryId)),
      copiesMade: inputs.copies,
      accessedBy: inputs.accessedBy,
      purposes: inputs.purposes,
      retention: inputs.retention,
    },
  };
}

/**
 * The data-subject audience leaves out what happened (the summary, with everything but the date,
 * type and agency) only of an entry that names other people and was not released: that is what
 * the pack calls redacted.
 */
function packEntry(item: DocumentItem): PackEntry {
  const { kind: _kind, withheld: _withheld, childId: _childId, ...shown } = item.view as EntryView;
  return { ...shown, otherPeopleRedacted: !item.fields.has('summary') };
}

/** The fields of an item the pack discloses, as the audit trail records them. */
export function packFields(item: DocumentItem): ReadableEntryField[] {
  return READABLE_ENTRY_FIELDS.filter((field) => item.fields.has(field));
}
