import request from 'supertest';
import { TestApp } from './test-app';

/** Demo users the tests rely on (config/demo/demo-data.json). */
export const USERS = {
  healthVisitor: 'hv.hughes',
  gp: 'gp.okafor',
  teacher: 'teacher.morrison',
  headTeacher: 'ht.campbell',
  police: 'pc.reid',
  socialWorker: 'sw.patel',
  teamManager: 'tm.fraser',
  reviewingOfficer: 'ro.wallace',
  mentor: 'mentor.ali',
  dpo: 'dpo.baird',
  admin: 'admin.kerr',
} as const;

export type Api = ReturnType<typeof apiFor>;

/** supertest against the listening server, authenticated as a demo user. */
export function apiFor(testApp: TestApp, username: string) {
  const agent = request(testApp.baseUrl);
  const bearer = async (): Promise<string> => `Bearer ${await testApp.tokenFor(username)}`;
  return {
    get: async (path: string): Promise<request.Response> => agent.get(path).set('Authorization', await bearer()),
    post: async (path: string, body?: object): Promise<request.Response> => agent.post(path).set('Authorization', await bearer()).send(body),
    put: async (path: string, body?: object): Promise<request.Response> => agent.put(path).set('Authorization', await bearer()).send(body),
  };
}

export async function practitionerId(testApp: TestApp, username: string): Promise<string> {
  const rows = await testApp.dataSource.query<{ id: string }[]>('SELECT id FROM practitioners WHERE subject = $1', [username]);
  if (rows.length === 0) throw new Error(`No practitioner ${username}`);
  return rows[0].id;
}

let childCounter = 0;

/** A new child (created by the administrator through the API) with the given team, starting a year ago. */
export async function createChildWithTeam(testApp: TestApp, team: { username: string; capacity: string }[]): Promise<string> {
  childCounter += 1;
  const admin = apiFor(testApp, USERS.admin);
  const created = await admin.post('/api/children', {
    givenName: 'Test',
    familyName: `Child${childCounter}${Date.now()}`,
    dateOfBirth: '2019-06-15',
  });
  if (created.status !== 201) throw new Error(`Could not create child: ${created.status} ${JSON.stringify(created.body)}`);
  const childId = created.body.id as string;
  for (const member of team) {
    const added = await admin.post(`/api/children/${childId}/team`, {
      practitionerId: await practitionerId(testApp, member.username),
      capacity: member.capacity,
      startsOn: '2025-01-01',
    });
    if (added.status !== 201) throw new Error(`Could not add ${member.username}: ${added.status} ${JSON.stringify(added.body)}`);
  }
  return childId;
}

export function validEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventDate: '2026-03-04',
    eventType: 'health-assessment',
    summary: 'Health visitor home visit; child weighed and measured, growth on the 50th centile.',
    actionTaken: 'Next developmental review booked.',
    wellbeingIndicators: ['healthy'],
    ...overrides,
  };
}

/** A decision to share an entry with Police Scotland, with everything a share must give; a test changes what it is about. */
export function validShare(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    recipientAgency: 'police-scotland',
    decision: 'shared',
    purpose: 'Police are planning a joint visit and need to know of the health risk.',
    necessity: 'The visit cannot be planned safely without it; only this entry is shared.',
    lawfulBasis: 'UK GDPR 6(1)(e); DPA 2018 Sch. 1 para 18',
    familyInformed: false,
    familyNotInformedReason: 'Telling the family could place the child at greater risk.',
    ...overrides,
  };
}

/** Row counts of every table an API write could touch, to prove a rejected request changed nothing. */
export async function tableCounts(testApp: TestApp): Promise<Record<string, number>> {
  const tables = [
    'agencies',
    'practitioners',
    'children',
    'child_identifiers',
    'involvements',
    'chronology_entries',
    'chronology_entry_versions',
    'sharing_decisions',
    'access_claims',
    'notifications',
    'child_follows',
    'notification_preferences',
    'mentoring_matches',
    'mentoring_meetings',
    'mentoring_notes',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [{ count }] = await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM ${table}`);
    counts[table] = count;
  }
  return counts;
}

/** Both lines of defence: the server's own role lacks the privilege, and the owner is stopped by the trigger. */
export async function expectAppendOnly(testApp: TestApp, statement: string, parameters: unknown[] = []): Promise<void> {
  await expect(testApp.dataSource.query(statement, parameters)).rejects.toThrow(/permission denied/);
  await expect(testApp.ownerQuery(statement, parameters)).rejects.toThrow(/append-only/);
}
