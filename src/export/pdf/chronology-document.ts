/**
 * What a printed chronology shows, already decided: redaction, formatting of dates and the choice of
 * rows happen before the renderer sees it, so the renderer can only print what it is given.
 */

/** A table cell: its text, or the notice that replaces what was withheld from this audience. */
export type Cell = { text: string } | { withheld: string };

export interface ChronologyRow {
  /** 'entry': an entry (some cells may be withheld). 'withheld': the whole entry is withheld; only date (maybe), source and notice are known. */
  kind: 'entry' | 'withheld';
  /** Already formatted: "4 Mar 2025", "Mar 2025", "2025", "c. 4 Mar 2025", "4 Mar 2025 – 9 Mar 2025" or "Date withheld". */
  date: string;
  /** "14:30" when recorded. */
  time?: string | null;
  /** Ignored for kind 'withheld'. */
  eventType: Cell;
  /** The author may be absent (withheld). */
  source: { agency: string; author?: string | null; role?: string | null };
  /** For kind 'withheld': `{ withheld: notice }`. */
  summary: Cell;
  /** Impact on the child. */
  impact: Cell;
  /** Action taken (or the reason no action was taken) and outcome, already joined. */
  actionOutcome: Cell;
  /** Null when withheld. */
  significant: boolean | null;
  /** Printed only when asked for; the row says so beside its date, so nobody reads it as fact. */
  enteredInError?: boolean;
  /** Short notes printed under the row in smaller type: amendments, "Entered in error: …", partial withholding, the child's view. */
  notes: string[];
}

export interface ChronologyDocument {
  exportId: string;
  /** "OFFICIAL-SENSITIVE". */
  protectiveMarking: string;
  /** "Multi-agency chronology". */
  title: string;
  /** The name may already be initials ("I. B.") for some audiences; dateOfBirth is formatted, or null when withheld. */
  child: { name: string; dateOfBirth: string | null; identifiers: string[] };
  /** "1 Jan 2024 to 23 Nov 2026" or "All recorded events". */
  period: string;
  /** Human descriptions of the filters applied, e.g. "Significant events only". */
  filters: string[];
  /** e.g. "Children's Hearing panel" / "Addresses and third parties' health details are left out". */
  audience: { label: string; description: string };
  /** e.g. "Children's Hearing on 2 Dec 2026". */
  purpose: string;
  producedBy: { name: string; role: string; agency: string };
  /** The person or body the copy is for, e.g. "Panel members, Children's Hearing 2 Dec 2026". */
  producedFor: string;
  /** ISO 8601 UTC instant; printed in UK time. Also the PDF's creation date, so the same export renders the same bytes. */
  producedAt: string;
  /** Already in date order; printed in this order. */
  rows: ChronologyRow[];
  /** Notices after the table for entries not in it (withheld without a date, or left out whole), already worded. */
  withheldSummary: string[];
  /** The key's words for a withheld cell, e.g. "Withheld" / "not shared with this audience: the notice says who holds it and whom to ask". */
  withheldKey: { label: string; explanation: string };
  /** One statement about what the copy may leave out, printed under the title block; null when the notices say it. */
  statement: string | null;
  /** Printed in the title block when given. */
  lawfulBasis?: string | null;
  /**
   * A copy made again from the record for anyone but its producer, or for the producer when it
   * differs from the original (other permissions): whom for and when (ISO 8601), in the title
   * block and every footer, so it is never taken for the original.
   */
  remade?: { for: string; at: string } | null;
}

export function isWithheld(cell: Cell): cell is { withheld: string } {
  // Checked by key rather than by the absence of `text`, so a cell that somehow carries both is
  // still treated as withheld and its text never printed.
  return 'withheld' in cell;
}
