import { READABLE_ENTRY_FIELDS } from '../access/access-policy';
import type { AgencyType } from '../agencies/agency.entity';
import type { DocumentItem } from './document-entries';
import type { AgencyRef, EntryView } from '../chronology/entry.view';
import { toWithheldEntryView } from '../chronology/withheld-notices';
import type { Sensitivity } from '../chronology/entry-vocabulary';
import type { ExportAudience, WithheldNotices } from './export-audiences';
import { buildExportDocument, TitleBlock } from './export-document';
import { isWithheld } from './pdf/chronology-document';

const NHS = { name: 'NHS Lanarkshire', type: 'health', contact: 'Public Health Nursing Team, 01632 960101' } as const;
const POLICE = { name: 'Police Scotland', type: 'police', contact: 'Concern Hub, 01632 960303' } as const;
const MENTORING = { name: 'Brighter Paths Mentoring', type: 'third-sector', contact: 'Mentoring Team, 01632 960505' } as const;
type Agency = { name: string; type: AgencyType; contact: string };

const TITLE_BLOCK: TitleBlock = {
  child: { name: 'Isla Brennan', dateOfBirth: '14 Feb 2024', identifiers: [] },
  period: 'All recorded events',
  filters: [],
  producedBy: { name: 'Graham Wallace', role: 'Reviewing officer', agency: 'North Lanarkshire Council Social Work Services', agencyContact: 'Children and Families Team, 01632 960404' },
};

const ALL_FIELDS: ReadonlySet<string> = new Set(READABLE_ENTRY_FIELDS);

function ref(agency: Agency): AgencyRef {
  return { id: `id-${agency.type}`, code: agency.type, name: agency.name, type: agency.type };
}

let nextId = 0;

/** An entry in the table: `readable` is what the policy lets the reader see, `fields` what the audience's copy shows of it. */
function entry(agency: Agency, readable: ReadonlySet<string>, fields: ReadonlySet<string> = readable): DocumentItem {
  nextId += 1;
  const view: EntryView = {
    kind: 'entry',
    id: `entry-${nextId}`,
    childId: 'child',
    status: 'current',
    version: 1,
    recordedAt: '2025-03-04T10:00:00.000Z',
    source: { agency: ref(agency) },
    ...(fields.has('eventDate') ? { eventDate: '2025-03-04', eventDateDisplay: '4 Mar 2025', eventEndDate: null, eventTime: null } : {}),
    ...(fields.has('eventType') ? { eventType: { code: 'home-visit', label: 'Home visit', category: 'health' } } : {}),
    ...(fields.has('summary') ? { summary: `SUMMARY-${nextId}` } : {}),
    ...(fields.has('impactOnChild') ? { impactOnChild: `IMPACT-${nextId}` } : {}),
    ...(fields.has('actionTaken') ? { actionTaken: `ACTION-${nextId}` } : {}),
    withheld: readable.size < ALL_FIELDS.size ? { fields: [], heldBy: agency.name, contact: agency.contact } : undefined,
  };
  return { entryId: view.id, version: 1, shown: fields.has('eventDate') ? 'entry' : 'left-out', view, readable, fields };
}

/** An entry the policy withholds whole: a marker with its date, or counted without one. */
function withheld(agency: Agency, sensitivity: Sensitivity, dated: boolean): DocumentItem {
  nextId += 1;
  const view = toWithheldEntryView(
    { id: `entry-${nextId}`, childId: 'child', agencyId: ref(agency).id, agencyCode: agency.type, agencyName: agency.name, agencyType: agency.type, agencyContact: agency.contact, sensitivity, eventDate: '2025-05-06', datePrecision: 'day' },
    dated,
  );
  return { entryId: view.id, version: 1, shown: dated ? 'marker' : 'undated', view, readable: new Set(), fields: new Set() };
}

const without = (...fields: string[]): Set<string> => new Set([...ALL_FIELDS].filter((field) => !fields.includes(field)));

function audience(withheldNotices: WithheldNotices): ExportAudience {
  return {
    id: 'test',
    label: 'Test audience',
    description: 'For the tests.',
    purposeOfUse: 'subject-access',
    defaultLawfulBasis: 'UK GDPR Art. 15',
    childName: 'full',
    showDateOfBirth: true,
    showIdentifiers: false,
    withheldNotices,
    leaveOut: [],
  };
}

/** What a copy for `notices` makes of: one entry in full, one the policy partly withholds, one the audience partly leaves out, a dated marker, three undated entries from two agencies and one left out whole. */
function documentFor(notices: WithheldNotices, order: (items: DocumentItem[]) => DocumentItem[] = (items) => items) {
  const items = [
    entry(NHS, ALL_FIELDS),
    entry(POLICE, without('summary', 'impactOnChild')),
    entry(NHS, ALL_FIELDS, without('impactOnChild')),
    withheld(POLICE, 'sensitive', true),
    withheld(NHS, 'restricted', false),
    withheld(POLICE, 'restricted', false),
    withheld(NHS, 'restricted', false),
    entry(MENTORING, ALL_FIELDS, without('eventDate')),
  ];
  return buildExportDocument({
    exportId: 'export',
    producedAt: new Date('2026-11-23T14:05:00Z'),
    producedFor: 'Ms Jane Test (mother)',
    purpose: 'Subject access request',
    lawfulBasis: 'UK GDPR Art. 15',
    audience: audience(notices),
    titleBlock: TITLE_BLOCK,
    items: order(items),
  });
}

describe(buildExportDocument.name, () => {
  describe('with itemised notices (professional audiences)', () => {
    const document = documentFor('itemised');

    it('names the agency holding each withheld cell, and says which cells the audience leaves out', () => {
      const [, policeRow, leftOutRow] = document.rows;
      expect(policeRow.summary).toEqual({ withheld: 'Withheld: held by Police Scotland' });
      expect(policeRow.notes).toContain('Some details withheld: held by Police Scotland (contact: Concern Hub, 01632 960303)');
      expect(leftOutRow.impact).toEqual({ withheld: 'Left out of this copy' });
      expect(leftOutRow.notes).toContain('Some details are left out of this copy for its audience');
    });

    it('prints an entry withheld whole as a row, and counts those withheld without a date or left out whole per agency', () => {
      expect(document.rows.map((row) => row.kind)).toEqual(['entry', 'entry', 'entry', 'withheld']);
      expect(document.withheldSummary).toEqual([
        'Withheld: 2 restricted entries from NHS Lanarkshire, dates not shown (contact: Public Health Nursing Team, 01632 960101)',
        'Withheld: 1 restricted entry from Police Scotland, dates not shown (contact: Concern Hub, 01632 960303)',
        'Left out of this copy for its audience: 1 entry from Brighter Paths Mentoring',
      ]);
      expect(document.statement).toBeNull();
      expect(document.withheldKey.label).toBe('Withheld');
    });

    it('words the undated notices in the same order however the entries come', () => {
      expect(documentFor('itemised', (items) => [...items].reverse()).withheldSummary.slice(0, 2)).toEqual(document.withheldSummary.slice(0, 2));
    });
  });

  describe('with a general statement (a copy for the child and family)', () => {
    const document = documentFor('general');

    it('has no row for an entry it does not show, and counts nothing', () => {
      expect(document.rows.map((row) => row.kind)).toEqual(['entry', 'entry', 'entry']);
      expect(document.withheldSummary).toEqual([]);
    });

    it('says the same neutral words in every cell it does not show, whoever holds it and for whatever reason', () => {
      const cells = document.rows.flatMap((row) => [row.eventType, row.summary, row.impact, row.actionOutcome]).filter(isWithheld);
      expect(cells.map((cell) => cell.withheld)).toEqual(['Not included in this copy', 'Not included in this copy', 'Not included in this copy']);
      expect(document.rows.flatMap((row) => row.notes)).toEqual([]);
    });

    it('names no agency but the producer’s, outside the source of the entries it shows', () => {
      const { rows, producedBy, ...rest } = document;
      const elsewhere = JSON.stringify([rest, rows.map(({ source: _source, ...row }) => row)]);
      for (const agency of [NHS, POLICE, MENTORING]) expect(elsewhere).not.toContain(agency.name);
      expect(elsewhere).not.toMatch(/withheld:|restricted|held by/i);
      expect(producedBy.agency).toBe('North Lanarkshire Council Social Work Services');
    });

    it('carries one statement sending the reader to the producing agency', () => {
      expect(document.statement).toBe(
        'Some information may have been left out of this copy, as the law allows. To ask about it, contact North Lanarkshire Council Social Work Services: Children and Families Team, 01632 960404.',
      );
      expect(document.withheldKey.label).toBe('Not included in this copy');
    });
  });
});
