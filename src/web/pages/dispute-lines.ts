import type { EntryView } from '../../chronology/entry.view';
import { ukDate } from '../view-filters';

const DISPUTED_BY: Record<string, string> = { 'young-person': 'the young person', 'parental-responsibility': 'a person with parental responsibility', representative: "the young person's representative" };
const STATUS: Record<string, string> = { open: 'open: the entry is under restricted processing until the recording agency answers', amended: 'answered: the entry was amended', upheld: 'answered: the entry was upheld' };

/**
 * The data subject's disputes of an entry, in the words a page shows them (UK GDPR Art. 16 and 18):
 * the words, the answer's reason, or neither, as the API gave them to this reader.
 */
export function disputeLines(entry: Pick<EntryView, 'disputes'>): { label: string; text: string }[] {
  return (entry.disputes ?? []).map((dispute) => ({
    label: `Disputed by ${DISPUTED_BY[dispute.disputedBy] ?? dispute.disputedBy} on ${ukDate(dispute.recordedAt.slice(0, 10))}, ${STATUS[dispute.status] ?? dispute.status}`,
    text: [dispute.words ? `“${dispute.words}”` : 'Their words are not shown to you.', dispute.answerReason ? `Answer: ${dispute.answerReason}` : ''].filter(Boolean).join(' '),
  }));
}
