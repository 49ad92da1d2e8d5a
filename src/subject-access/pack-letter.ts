import { displayDate } from '../chronology/date-display';
import { PROTECTIVE_MARKING } from '../export/export-document';
import type { LetterBlock, LetterDocument } from '../export/pdf/letter-document';
import type { PackEntry, SubjectAccessPack } from './pack';

/** Roles in words a family would use. */
const ROLE_WORDS: Record<string, string> = {
  practitioner: 'practitioners (for example social workers, teachers, health visitors, police officers or mentors)',
  manager: 'team managers',
  'reviewing-officer': 'reviewing officers (who chair reviews and meetings about children)',
  'data-protection-officer': 'data protection officers (who check how information is used)',
  administrator: 'system administrators',
};

/**
 * The pack in plain language, addressed to whoever asked: to the young person as "you", to a
 * parent or representative about the child by name. Every fact in it is in the JSON pack too.
 */
export function packLetter(pack: SubjectAccessPack): LetterDocument {
  const young = pack.request.capacity === 'young-person';
  const about = young ? 'you' : pack.child.name;
  const your = young ? 'your' : `${pack.child.name}’s`;
  const day = (iso: string) => displayDate(iso.slice(0, 10), 'day');
  const blocks: LetterBlock[] = [
    { kind: 'paragraph', text: `Dear ${pack.request.requester},` },
    {
      kind: 'paragraph',
      text:
        `On ${day(pack.request.receivedOn)} you asked for a copy of the information held about ${about} in Chronicle, the shared record that ` +
        `social work, health, education, police and voluntary organisations keep of important events in ${your} life. ` +
        `This is our answer. It was due by ${day(pack.request.dueOn)}.`,
    },
    { kind: 'paragraph', text: `A copy of the same information is also available as a computer-readable file (JSON), if you would like one.` },
    { kind: 'heading', text: 'What is in this pack' },
    {
      kind: 'bullets',
      items: [
        `Every event recorded about ${about}: ${count(pack.entries.length, 'entry', 'entries')}, oldest first.`,
        `Who the information was shared with, and the legal reason for each share.`,
        `Which organisations, and what kind of staff, have looked at ${your} record.`,
        `What we have not included, and why.`,
        `Your rights, and whom to contact.`,
      ],
    },
    ...otherPeople(pack.entries),
    ...withheld(pack),
    { kind: 'heading', text: `${young ? 'Your' : `${pack.child.name}’s`} record, event by event` },
    ...(pack.entries.length === 0 ? [{ kind: 'paragraph', text: 'There are no events recorded.' } satisfies LetterBlock] : pack.entries.map((entry) => record(entry, young))),
    { kind: 'heading', text: 'Who the information was shared with' },
    ...shares(pack, day),
    { kind: 'heading', text: `Who has looked at ${your} record` },
    ...accessed(pack, day),
    { kind: 'heading', text: 'Why the information is held' },
    { kind: 'paragraph', text: `The organisations record these events to keep ${about} safe and well and to plan support together. The law that allows each of them to do so:` },
    { kind: 'bullets', items: pack.purposes.map((purpose) => `${purpose.purpose}. ${purpose.lawfulBasis}.`) },
    { kind: 'heading', text: 'How long it is kept' },
    { kind: 'bullets', items: pack.retention.map((rule) => `${rule.record}: ${rule.keptFor}, then reviewed and destroyed unless there is a reason to keep it longer.`) },
    { kind: 'heading', text: 'Your rights' },
    {
      kind: 'bullets',
      items: [
        `If something in this pack is wrong, you can ask for it to be corrected. If the organisation does not agree, you can ask for your own words to be added to the record, and the record will show that you disagree.`,
        `You can ask for the use of information to be limited while a disagreement is looked at.`,
        `You can complain to the Information Commissioner’s Office: ico.org.uk/make-a-complaint, telephone 0303 123 1113.`,
        `To ask about this pack, contact ${pack.contact.agency}${pack.contact.details ? `: ${pack.contact.details}` : ''}.`,
      ],
    },
    { kind: 'paragraph', text: 'Yours sincerely,' },
    { kind: 'paragraph', text: `Data protection officer, ${pack.contact.agency}` },
  ];
  return {
    layout: 'letter',
    documentId: pack.packId,
    protectiveMarking: PROTECTIVE_MARKING,
    title: young ? 'Your records: the information held about you' : `The information held about ${pack.child.name}`,
    author: `Data protection officer, ${pack.contact.agency}`,
    subject: `Answer to a subject access request received ${pack.request.receivedOn}`,
    producedAt: pack.producedAt,
    footer: `For ${pack.request.requester}  ·  ${pack.child.name}, born ${day(pack.child.dateOfBirth)}  ·  request received ${day(pack.request.receivedOn)}`,
    blocks,
  };
}

/** A recorded reason set inside a sentence of ours, without its own full stop. */
function sentence(text: string): string {
  return text.trim().replace(/[.。]+$/u, '');
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function otherPeople(entries: PackEntry[]): LetterBlock[] {
  const redacted = entries.filter((entry) => entry.otherPeopleRedacted).length;
  if (redacted === 0) return [];
  return [
    { kind: 'heading', text: 'Information about other people' },
    {
      kind: 'paragraph',
      text: `${count(redacted, 'entry also contains', 'entries also contain')} information about other people. For ${redacted === 1 ? 'it' : 'these'} we show only the date, the kind of event and the organisation that recorded it, because the law protects other people’s information too.`,
    },
  ];
}

function withheld(pack: SubjectAccessPack): LetterBlock[] {
  if (pack.withheld.length === 0) return [{ kind: 'heading', text: 'Information we have not included' }, { kind: 'paragraph', text: 'We have not held back any of the events recorded.' }];
  const total = pack.withheld.reduce((sum, group) => sum + group.count, 0);
  return [
    { kind: 'heading', text: 'Information we have not included' },
    { kind: 'paragraph', text: `The law allows us to hold back some information. We have held back ${count(total, 'item', 'items')}, for these reasons:` },
    { kind: 'bullets', items: pack.withheld.map((group) => `${count(group.count, 'item', 'items')}: ${group.description} (${group.law}).`) },
  ];
}

function record(entry: PackEntry, young: boolean): LetterBlock {
  const day = (iso: string) => displayDate(iso.slice(0, 10), 'day');
  const heading = [entry.eventDateDisplay ?? 'Date not known', entry.eventType?.label, entry.source.agency.name].filter(Boolean).join('  ·  ');
  if (entry.otherPeopleRedacted) {
    return { kind: 'record', heading, lines: [], note: 'This entry also contains information about other people, so only its date, kind and organisation are shown.' };
  }
  const lines: { label: string; text: string }[] = [];
  const add = (label: string, text: string | null | undefined) => {
    if (text) lines.push({ label, text });
  };
  add('What happened', entry.summary);
  add('More detail', entry.detail);
  add(young ? 'How it affected you' : 'How it affected the child', entry.impactOnChild);
  add('What was done', entry.actionTaken ?? (entry.noActionReason ? `Nothing was done, because: ${entry.noActionReason}` : null));
  add('What came of it', entry.outcome);
  add(young ? 'What you said' : 'What the child said', entry.childView);
  add('The worker’s view', entry.professionalAnalysis);
  add('Recorded by', entry.source.author ? `${entry.source.author.name}${entry.source.author.jobTitle ? `, ${entry.source.author.jobTitle}` : ''}, ${entry.source.agency.name}` : entry.source.agency.name);
  const notes = [
    entry.status === 'amended' && entry.lastChange ? `This entry was corrected on ${day(entry.lastChange.at)}${entry.lastChange.reason ? `: ${sentence(entry.lastChange.reason)}` : ''}.` : null,
    ...(entry.disputes ?? []).map((dispute) => {
      const answer = dispute.status === 'open' ? ' It has not been answered yet.' : ` ${dispute.status === 'amended' ? 'The entry was corrected' : 'The organisation kept the entry as it was'} on ${day(dispute.answeredAt ?? '')}${dispute.answerReason ? `: ${sentence(dispute.answerReason)}` : ''}.`;
      return `This entry was disputed on ${day(dispute.recordedAt)}${dispute.words ? `: “${dispute.words}”` : ''}.${answer}`;
    }),
  ].filter((note): note is string => note !== null);
  return { kind: 'record', heading, lines, note: notes.length > 0 ? notes.join(' ') : undefined };
}

function shares(pack: SubjectAccessPack, day: (iso: string) => string): LetterBlock[] {
  const blocks: LetterBlock[] = [];
  blocks.push(
    pack.sharedWith.length === 0
      ? { kind: 'paragraph', text: 'No entry was shared beyond the organisations working together on the record.' }
      : { kind: 'bullets', items: pack.sharedWith.map((share) => `${day(share.date)}: an entry was shared with ${share.recipient.name}. Legal reason: ${share.lawfulBasis ?? 'not recorded'}.`) },
  );
  if (pack.copiesMade.length > 0) {
    blocks.push({ kind: 'paragraph', text: 'Printed copies of the record were made for these meetings and purposes:' });
    blocks.push({ kind: 'bullets', items: pack.copiesMade.map((copy) => `${day(copy.date)}: by ${copy.madeBy}, for ${copy.audience}. Legal reason: ${copy.lawfulBasis}.`) });
  }
  return blocks;
}

function accessed(pack: SubjectAccessPack, day: (iso: string) => string): LetterBlock[] {
  if (pack.accessedBy.length === 0) return [{ kind: 'paragraph', text: 'Nobody has looked at the record yet.' }];
  return [
    { kind: 'paragraph', text: 'These organisations, and these kinds of staff, have looked at or added to the record:' },
    {
      kind: 'bullets',
      items: pack.accessedBy.map((group) => `${group.agency}: ${ROLE_WORDS[group.role] ?? group.role}, ${count(group.times, 'time', 'times')} between ${day(group.first)} and ${day(group.last)}.`),
    },
  ];
}
