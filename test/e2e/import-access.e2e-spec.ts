import { apiFor, createChildWithTeam, USERS } from '../support/fixtures';
import { upload } from '../support/import-api';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/**
 * The canary matrix for imported entries: the same three entries (one of each sensitivity, every
 * field a canary) are typed in and imported by the same social worker, and every reader (each
 * agency type and role, on the team and not) must see each imported entry exactly as its typed
 * twin: the same status, the same fields, the same withheld markers, in the chronology and alone.
 */
const ON_TEAM = [USERS.socialWorker, USERS.teamManager, USERS.healthVisitor, USERS.teacher, USERS.police, USERS.mentor];
const OFF_TEAM = [USERS.gp, USERS.headTeacher, USERS.reviewingOfficer, USERS.dpo, USERS.admin];

const SENSITIVITIES = ['standard', 'sensitive', 'restricted'] as const;

function typedTwin(sensitivity: (typeof SENSITIVITIES)[number], row: number): Record<string, unknown> {
  const canary = (field: string): string => `canary-${field}-${sensitivity}`;
  return {
    eventDate: { standard: '2024-02-03', sensitive: '2024-03-10', restricted: '2024-04-17' }[sensitivity],
    eventType: 'concern-raised',
    summary: canary('summary'),
    detail: canary('detail'),
    impactOnChild: canary('impact'),
    actionTaken: canary('action'),
    outcome: canary('outcome'),
    professionalAnalysis: canary('analysis'),
    childView: canary('view'),
    sensitivity,
    lawfulBasis: canary('basis'),
    significant: sensitivity !== 'sensitive',
    wellbeingIndicators: { standard: ['safe'], sensitive: ['healthy'], restricted: ['safe', 'nurtured'] }[sensitivity],
    sourceReference: `chronology-canary.csv, row ${row}`,
  };
}

/** What differs between two entries recorded at different moments: never what a reader may see of them. */
function comparable(item: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, recordedAt: _recordedAt, lastChange, ...rest } = item;
  const { at: _at, ...change } = (lastChange ?? {}) as Record<string, unknown>;
  return lastChange === undefined ? rest : { ...rest, lastChange: change };
}

describe('imports: the canary matrix', () => {
  let testApp: TestApp;
  let childId: string;
  let typedIds: string[];
  let importedIds: string[];

  beforeAll(async () => {
    testApp = await startTestApp();
    childId = await createChildWithTeam(testApp, ON_TEAM.map((username) => ({ username, capacity: 'lead-professional' })));
    const socialWorker = apiFor(testApp, USERS.socialWorker);
    typedIds = [];
    for (const [index, sensitivity] of SENSITIVITIES.entries()) {
      const typed = await socialWorker.post(`/api/children/${childId}/entries`, typedTwin(sensitivity, index + 2));
      if (typed.status !== 201) throw new Error(JSON.stringify(typed.body));
      typedIds.push(typed.body.id);
    }
    const uploaded = await upload(testApp, USERS.socialWorker, childId, 'chronology-canary.csv');
    // Each row repeats its typed twin, so each is kept on purpose.
    const committed = await socialWorker.post(`/api/imports/${uploaded.body.importId}/commit`, { mapping: uploaded.body.suggestedMapping, keepDuplicateRows: [2, 3, 4] });
    if (committed.body.created !== 3) throw new Error(JSON.stringify(committed.body));
    importedIds = committed.body.entryIds;
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('maps every column of the canary file by its name', async () => {
    const entry = await apiFor(testApp, USERS.socialWorker).get(`/api/entries/${importedIds[2]}`);
    expect(comparable(entry.body)).toEqual(comparable((await apiFor(testApp, USERS.socialWorker).get(`/api/entries/${typedIds[2]}`)).body));
    expect(entry.body).toMatchObject({ professionalAnalysis: 'canary-analysis-restricted', sensitivity: 'restricted', wellbeingIndicators: ['safe', 'nurtured'] });
  });

  it.each([...ON_TEAM, ...OFF_TEAM])('%s sees each imported entry exactly as its typed twin', async (username) => {
    const reader = apiFor(testApp, username);
    const chronology = await reader.get(`/api/children/${childId}/chronology`);
    const items = new Map<string, Record<string, unknown>>((chronology.body.items ?? []).map((item: Record<string, unknown>) => [item.id, item]));
    for (const [index, typedId] of typedIds.entries()) {
      const importedId = importedIds[index];
      expect(items.has(importedId)).toBe(items.has(typedId));
      if (items.has(typedId)) expect(comparable(items.get(importedId)!)).toEqual(comparable(items.get(typedId)!));
      const [typed, imported] = [await reader.get(`/api/entries/${typedId}`), await reader.get(`/api/entries/${importedId}`)];
      expect(imported.status).toBe(typed.status);
      expect(typed.status === 200 ? comparable(imported.body) : imported.body.code).toEqual(typed.status === 200 ? comparable(typed.body) : typed.body.code);
    }
  });

  it('is a matrix that tells readers apart: the author sees every canary, others see less', async () => {
    const seen = async (username: string): Promise<number> => {
      const body = JSON.stringify((await apiFor(testApp, username).get(`/api/children/${childId}/chronology`)).body);
      return (body.match(/canary-/g) ?? []).length;
    };
    const author = await seen(USERS.socialWorker);
    expect(author).toBeGreaterThan(0);
    expect(await seen(USERS.mentor)).toBeLessThan(author);
    expect(await seen(USERS.police)).toBeLessThan(author);
  });
});
