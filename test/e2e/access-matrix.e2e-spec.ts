import { apiFor, createChildWithTeam, practitionerId, USERS } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The canary matrix. Every field of every seeded entry holds a unique string; for each reader
 * (agency type x role x relationship to the child) every read endpoint is called and the raw
 * response bytes must hold exactly the canaries the reader may see. What a reader may see comes
 * from the hand-written table below, which restates docs/access-policy.md in code; it never asks
 * the policy code under test.
 */

type AgencyType = 'health' | 'education' | 'police' | 'social-work' | 'third-sector';
type Sensitivity = 'standard' | 'sensitive' | 'restricted';
type Relationship = 'involved' | 'self-claimed' | 'emergency' | 'none';

const OUTLINE = ['eventDate', 'eventType', 'sensitivity', 'significant', 'lawfulBasis'];
const ACCOUNT = ['summary', 'nature', 'wellbeingIndicators', 'informationSource', 'author'];
const PARTICULARS = ['detail', 'impactOnChild', 'actionTaken', 'outcome', 'childView', 'namesThirdParties', 'history'];
const AGENCY_RECORD = ['professionalAnalysis', 'sourceReference'];
const EVERYTHING = [...OUTLINE, ...ACCOUNT, ...PARTICULARS, ...AGENCY_RECORD];
const STATUTORY: AgencyType[] = ['health', 'education', 'police', 'social-work'];

/** Text fields hold canaries; `history` is the amendment reason. Every other field is checked by its presence in the entry. */
const CANARY_FIELDS = ['summary', 'detail', 'impactOnChild', 'actionTaken', 'outcome', 'professionalAnalysis', 'childView', 'sourceReference', 'lawfulBasis', 'history'];
const PRESENCE: Record<string, (item: Record<string, unknown>) => boolean> = {
  eventDate: (item) => 'eventDate' in item && 'childAgeAtEvent' in item && 'eventDateDisplay' in item,
  eventType: (item) => 'eventType' in item,
  sensitivity: (item) => 'sensitivity' in item,
  significant: (item) => 'significant' in item,
  nature: (item) => 'nature' in item,
  wellbeingIndicators: (item) => 'wellbeingIndicators' in item,
  informationSource: (item) => 'informationSource' in item,
  namesThirdParties: (item) => 'namesThirdParties' in item,
  author: (item) => 'author' in (item.source as object),
  history: (item) => 'lastChange' in item,
};

interface Reader {
  username: string;
  agencyType: AgencyType;
  role: 'practitioner' | 'manager' | 'reviewing-officer' | 'data-protection-officer' | 'administrator';
  relationship: Relationship;
}

interface SeededEntry {
  id: string;
  sourceType: AgencyType;
  sensitivity: Sensitivity;
  /** Agency types the recording agency has shared this entry with. */
  sharedWith: AgencyType[];
  eventDate: string;
}

/** What the policy in docs/access-policy.md lets a reader see of an entry, restated by hand. */
function expectedFields(reader: Reader, entry: SeededEntry): Set<string> {
  const fields = new Set<string>();
  const add = (list: string[]) => list.forEach((field) => fields.add(field));
  const { agencyType, role, relationship } = reader;
  if (!['practitioner', 'manager', 'reviewing-officer'].includes(role) || relationship === 'none') return fields;
  const own = entry.sourceType === agencyType;
  const shared = entry.sharedWith.includes(agencyType);
  if (entry.sensitivity === 'standard') {
    add([...OUTLINE, ...ACCOUNT]);
    if (STATUTORY.includes(agencyType)) add(PARTICULARS);
    if (agencyType === 'third-sector' && relationship === 'involved' && role !== 'reviewing-officer') add(['eventDate', 'actionTaken', 'outcome']);
  }
  if (entry.sensitivity === 'sensitive' && relationship !== 'emergency') add(OUTLINE);
  if (agencyType === 'social-work' && relationship === 'involved' && entry.sensitivity !== 'restricted') add(EVERYTHING);
  if (own && entry.sensitivity !== 'restricted') add(EVERYTHING);
  if (own && entry.sensitivity === 'restricted' && relationship === 'involved') add(EVERYTHING);
  if (shared && relationship === 'involved') add([...OUTLINE, ...ACCOUNT, ...PARTICULARS]);
  return fields;
}

/** For an entry with nothing readable: a marker with its date, one without, or nothing at all. */
function expectedMarker(reader: Reader, entry: SeededEntry): 'dated' | 'undated' | 'none' {
  if (!['practitioner', 'manager', 'reviewing-officer'].includes(reader.role) || reader.relationship === 'none') return 'none';
  return entry.sensitivity === 'restricted' ? 'undated' : 'dated';
}

const canary = (entry: { sourceType: string; sensitivity: string }, field: string) => `[[CANARY:${entry.sourceType}:${entry.sensitivity}:${field}]]`;

const AUTHORS: Record<AgencyType, string> = {
  health: USERS.healthVisitor,
  education: USERS.teacher,
  police: USERS.police,
  'social-work': USERS.socialWorker,
  'third-sector': USERS.mentor,
};

const READERS: Reader[] = [
  { username: USERS.healthVisitor, agencyType: 'health', role: 'practitioner', relationship: 'involved' },
  { username: USERS.teacher, agencyType: 'education', role: 'practitioner', relationship: 'involved' },
  { username: USERS.police, agencyType: 'police', role: 'practitioner', relationship: 'involved' },
  { username: USERS.socialWorker, agencyType: 'social-work', role: 'practitioner', relationship: 'involved' },
  { username: USERS.reviewingOfficer, agencyType: 'social-work', role: 'reviewing-officer', relationship: 'involved' },
  { username: USERS.mentor, agencyType: 'third-sector', role: 'practitioner', relationship: 'involved' },
  { username: USERS.gp, agencyType: 'health', role: 'practitioner', relationship: 'self-claimed' },
  { username: USERS.headTeacher, agencyType: 'education', role: 'manager', relationship: 'emergency' },
  { username: USERS.teamManager, agencyType: 'social-work', role: 'manager', relationship: 'none' },
  { username: USERS.dpo, agencyType: 'social-work', role: 'data-protection-officer', relationship: 'none' },
  { username: USERS.admin, agencyType: 'social-work', role: 'administrator', relationship: 'none' },
];

describe('access policy canary matrix', () => {
  let testApp: TestApp;
  let childId: string;
  const entries: SeededEntry[] = [];
  const allCanaries: string[] = [];

  beforeAll(async () => {
    testApp = await startTestApp();
    childId = await createChildWithTeam(
      testApp,
      READERS.filter((reader) => reader.relationship === 'involved').map((reader) => ({ username: reader.username, capacity: 'lead-professional' })),
    );
    // The team manager was on the team until yesterday: an ended involvement gives no access.
    await testApp.dataSource.query(
      `INSERT INTO involvements (child_id, practitioner_id, capacity, starts_on, ends_on, created_by_id)
       VALUES ($1, $2, 'team-manager', '2025-01-01', current_date - 1, $2)`,
      [childId, await practitionerId(testApp, USERS.teamManager)],
    );
    await seedCanaryEntries();
    for (const [username, kind] of [
      [USERS.gp, 'self-claimed'],
      [USERS.headTeacher, 'emergency'],
    ] as const) {
      const claimed = await apiFor(testApp, username).post('/api/access-claims', { childId, kind, reason: 'Covering for the named person during a safeguarding review.' });
      expect(claimed.status).toBe(201);
    }
  });

  afterAll(async () => {
    await testApp?.close();
  });

  async function seedCanaryEntries(): Promise<void> {
    const agencies = new Map(
      (await testApp.dataSource.query<{ type: AgencyType; id: string }[]>(`SELECT type, id FROM agencies WHERE code IN
        ('nhs-lanarkshire', 'calderbank-community-school', 'police-scotland', 'north-lanarkshire-social-work', 'brighter-paths-mentoring')`)).map(
        (row) => [row.type, row.id],
      ),
    );
    const shares: [AgencyType, Sensitivity, AgencyType][] = [
      ['police', 'restricted', 'social-work'],
      ['police', 'restricted', 'education'],
      ['health', 'sensitive', 'third-sector'],
    ];
    let day = 10;
    for (const sourceType of Object.keys(AUTHORS) as AgencyType[]) {
      const author = await practitionerId(testApp, AUTHORS[sourceType]);
      for (const sensitivity of ['standard', 'sensitive', 'restricted'] as Sensitivity[]) {
        const entry = { sourceType, sensitivity };
        const value = (field: string) => {
          allCanaries.push(canary(entry, field));
          return canary(entry, field);
        };
        const eventDate = `2025-03-${String(day++).padStart(2, '0')}`;
        const [{ id }] = await testApp.dataSource.query<{ id: string }[]>(
          `INSERT INTO chronology_entries (child_id, source_agency_id, author_id, recorded_at, status, current_version)
           VALUES ($1, $2, $3, now(), 'amended', 2) RETURNING id`,
          [childId, agencies.get(sourceType), author],
        );
        for (const version of [1, 2]) {
          await testApp.dataSource.query(
            `INSERT INTO chronology_entry_versions (entry_id, version_number, change, change_reason, changed_by_id, changed_at, event_date, date_precision,
               event_type, wellbeing_indicators, summary, detail, significant, nature, impact_on_child, action_taken, outcome, professional_analysis,
               child_view, information_source, source_reference, sensitivity, lawful_basis, names_third_parties)
             VALUES ($1, $2, $3, $4, $5, now(), $6, 'day', 'concern-raised', '{safe}', $7, $8, true, 'negative', $9, $10, $11, $12, $13, 'first-hand',
               $14, $15, $16, true)`,
            [
              id,
              version,
              version === 1 ? 'created' : 'amended',
              version === 1 ? null : value('history'),
              author,
              eventDate,
              value('summary'),
              value('detail'),
              value('impactOnChild'),
              value('actionTaken'),
              value('outcome'),
              value('professionalAnalysis'),
              value('childView'),
              value('sourceReference'),
              sensitivity,
              value('lawfulBasis'),
            ],
          );
        }
        const sharedWith = shares.filter(([type, level]) => type === sourceType && level === sensitivity).map(([, , recipient]) => recipient);
        for (const recipient of sharedWith) {
          await testApp.dataSource.query(
            `INSERT INTO sharing_decisions (entry_id, child_id, recipient_agency_id, decision, purpose, necessity, lawful_basis, family_informed,
               family_not_informed_reason, decided_by_id, decided_at)
             VALUES ($1, $2, $3, 'shared', 'Planning', 'Needed for the plan', 'UK GDPR 6(1)(e)', false, 'Risk to the child', $4, now())`,
            [id, childId, agencies.get(recipient), author],
          );
        }
        entries.push({ id, sourceType, sensitivity, sharedWith, eventDate });
      }
    }
  }

  /** Every canary of the entry that the body holds must be expected, and (where `complete`) every expected one must be there. */
  function checkCanaries(body: string, reader: Reader, where: string, complete: SeededEntry[] = []): void {
    const leaked = allCanaries.filter((value) => {
      if (!body.includes(value)) return false;
      const entry = entries.find((candidate) => value === canary(candidate, value.split(':')[3].replace(']]', '')) && value.includes(`:${candidate.sourceType}:${candidate.sensitivity}:`));
      const field = value.slice(value.lastIndexOf(':') + 1, -2);
      return !entry || !expectedFields(reader, entry).has(field);
    });
    expect({ where, leaked }).toEqual({ where, leaked: [] });
    const missing = complete.flatMap((entry) =>
      CANARY_FIELDS.filter((field) => expectedFields(reader, entry).has(field) && !body.includes(canary(entry, field))).map((field) => canary(entry, field)),
    );
    expect({ where, missing }).toEqual({ where, missing: [] });
  }

  describe.each(READERS.map((reader) => [`${reader.username} (${reader.role}, ${reader.agencyType}, ${reader.relationship})`, reader]))('%s', (_name, reader) => {
    const api = () => apiFor(testApp, reader.username);

    it('reads exactly the permitted fields of each entry in the merged chronology, with markers for the rest', async () => {
      const response = await api().get(`/api/children/${childId}/chronology?pageSize=200`);
      if (expectedMarker(reader, entries[0]) === 'none') {
        expect([403, 404]).toContain(response.status);
        checkCanaries(response.text, reader, 'chronology');
        return;
      }
      expect(response.status).toBe(200);
      checkCanaries(response.text, reader, 'chronology', entries);
      const items = response.body.items as Record<string, unknown>[];
      for (const entry of entries) {
        const fields = expectedFields(reader, entry);
        const item = items.find((candidate) => candidate.id === entry.id);
        const where = `${entry.sourceType} ${entry.sensitivity}`;
        if (fields.size > 0) {
          expect({ where, kind: item?.kind }).toEqual({ where, kind: 'entry' });
          for (const [field, present] of Object.entries(PRESENCE)) {
            expect({ where, field, present: present(item!) }).toEqual({ where, field, present: fields.has(field) });
          }
          const withheld = ((item!.withheld as { fields: string[] } | undefined)?.fields ?? []).sort();
          expect({ where, withheld }).toEqual({ where, withheld: EVERYTHING.filter((field) => !fields.has(field)).sort() });
        } else if (expectedMarker(reader, entry) === 'dated') {
          expect({ where, item }).toEqual({ where, item: expect.objectContaining({ kind: 'withheld', eventDate: entry.eventDate, sensitivity: entry.sensitivity }) });
          expect(Object.keys(item!).sort()).toEqual(['childId', 'contact', 'eventDate', 'eventDateDisplay', 'id', 'kind', 'notice', 'sensitivity', 'source']);
        } else {
          expect({ where, item }).toEqual({ where, item: undefined });
          expect({ where, dateShown: response.text.includes(entry.eventDate) }).toEqual({ where, dateShown: false });
        }
      }
      const undated = entries.filter((entry) => expectedFields(reader, entry).size === 0 && expectedMarker(reader, entry) === 'undated');
      const counted = (response.body.withheldUndated as { count: number }[]).reduce((sum, group) => sum + group.count, 0);
      expect(counted).toBe(undated.length);
      expect(response.body.total).toBe(entries.length - undated.length);
      expect(response.body.access.relationship).toBe(reader.relationship);
    });

    it('sees no forbidden canary through the entry, history, explain, child and search endpoints', async () => {
      for (const entry of entries) {
        const fields = expectedFields(reader, entry);
        const marker = expectedMarker(reader, entry);
        const where = `${entry.sourceType} ${entry.sensitivity}`;

        const single = await api().get(`/api/entries/${entry.id}`);
        checkCanaries(single.text, reader, `entry ${where}`, fields.size > 0 ? [entry] : []);
        if (fields.size > 0) expect({ where, status: single.status, kind: single.body.kind }).toEqual({ where, status: 200, kind: 'entry' });
        else if (marker !== 'none') {
          expect({ where, status: single.status, kind: single.body.kind }).toEqual({ where, status: 200, kind: 'withheld' });
          expect({ where, dateShown: single.text.includes(entry.eventDate) }).toEqual({ where, dateShown: marker === 'dated' });
        } else expect([403, 404]).toContain(single.status);

        const history = await api().get(`/api/entries/${entry.id}/history`);
        checkCanaries(history.text, reader, `history ${where}`, fields.has('history') ? [entry] : []);
        expect({ where, status: history.status }).toEqual({ where, status: fields.has('history') ? 200 : marker === 'none' ? expect.any(Number) : 403 });

        const explained = await api().get(`/api/policy/explain?childId=${childId}&entryId=${entry.id}`);
        checkCanaries(explained.text, reader, `explain ${where}`);
        if (marker !== 'none') {
          expect({ where, status: explained.status }).toEqual({ where, status: 200 });
          const readable = (explained.body.entry.fields as { field: string; readable: boolean }[]).filter((field) => field.readable).map((field) => field.field);
          expect({ where, readable: readable.sort() }).toEqual({ where, readable: [...fields].sort() });
        } else expect(explained.status).toBe(404);
      }
      for (const path of [`/api/children/${childId}`, `/api/children?name=Test`, `/api/children/${childId}/team`]) {
        checkCanaries((await api().get(path)).text, reader, path);
      }
    });
  });
});
