import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { apiFor, createChildWithTeam, expectAppendOnly, practitionerId, tableCounts, USERS, validEntry, validShare } from '../support/fixtures';
import { createScratchDatabase, dropScratchDatabase, startTestApp, TestApp } from '../support/test-app';

const REASON = 'Duty social worker covering an urgent child protection referral tonight.';

describe('access policy', () => {
  let testApp: TestApp;
  let childId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
      { username: USERS.mentor, capacity: 'mentor' },
    ]);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  async function recordAs(username: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const created = await apiFor(testApp, username).post(`/api/children/${childId}/entries`, validEntry(overrides));
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  describe('GET /api/policy', () => {
    it('requires authentication', async () => {
      await request(testApp.baseUrl).get('/api/policy').expect(401);
    });

    it('publishes the rules in force, each with its words', async () => {
      const response = await apiFor(testApp, USERS.mentor).get('/api/policy');
      expect(response.status).toBe(200);
      expect(response.body.rules.length).toBeGreaterThan(10);
      for (const rule of response.body.rules) expect(rule).toEqual(expect.objectContaining({ id: expect.any(String), description: expect.any(String) }));
    });
  });

  describe('writing fields', () => {
    it('refuses a field the policy does not let the agency write, naming it, and changes nothing', async () => {
      const before = await tableCounts(testApp);
      const response = await apiFor(testApp, USERS.mentor).post(
        `/api/children/${childId}/entries`,
        validEntry({ eventType: 'mentor-concern', detail: 'He told me about his brother.', professionalAnalysis: 'Worrying.' }),
      );
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FIELD_NOT_WRITABLE');
      expect(response.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['detail', 'professionalAnalysis']);
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it('lets the same agency record without those fields, and amend only within them', async () => {
      const entryId = await recordAs(USERS.mentor, { eventType: 'mentor-concern' });
      const before = await tableCounts(testApp);
      const amended = await apiFor(testApp, USERS.mentor).post(`/api/entries/${entryId}/amendments`, { reason: 'Add detail', changes: { detail: 'More.' } });
      expect(amended.status).toBe(403);
      expect(amended.body.code).toBe('FIELD_NOT_WRITABLE');
      expect(await tableCounts(testApp)).toEqual(before);
      const allowed = await apiFor(testApp, USERS.mentor).post(`/api/entries/${entryId}/amendments`, { reason: 'Outcome known', changes: { outcome: 'Referred on.' } });
      expect(allowed.status).toBe(201);
    });

    it("refuses to let another agency amend an entry it can read, and changes nothing", async () => {
      const entryId = await recordAs(USERS.healthVisitor);
      const before = await tableCounts(testApp);
      const response = await apiFor(testApp, USERS.police).post(`/api/entries/${entryId}/amendments`, { reason: 'Correct it', changes: { summary: 'Changed.' } });
      expect(response.status).toBe(403);
      expect(await tableCounts(testApp)).toEqual(before);
    });
  });

  describe('withheld content', () => {
    it('does not let a filter reveal the event type of an entry whose type is withheld', async () => {
      await recordAs(USERS.healthVisitor, { eventType: 'camhs-referral', sensitivity: 'restricted', summary: 'Restricted clinical contact.' });
      const police = apiFor(testApp, USERS.police);
      const filtered = await police.get(`/api/children/${childId}/chronology?eventType=camhs-referral`);
      expect(filtered.status).toBe(200);
      expect(filtered.body.total).toBe(0);
      expect(filtered.body.items).toEqual([]);
      const own = await apiFor(testApp, USERS.healthVisitor).get(`/api/children/${childId}/chronology?eventType=camhs-referral`);
      expect(own.body.total).toBe(1);
    });

    it('names the agency to ask, with its contact, for a withheld entry', async () => {
      const entryId = await recordAs(USERS.healthVisitor, { sensitivity: 'sensitive', summary: 'Sensitive health matter.' });
      const response = await apiFor(testApp, USERS.police).get(`/api/entries/${entryId}`);
      expect(response.status).toBe(200);
      expect(response.body.withheld).toEqual(
        expect.objectContaining({ heldBy: 'NHS Lanarkshire', contact: expect.stringContaining('01632 960101'), fields: expect.arrayContaining(['summary', 'detail']) }),
      );
      expect(response.text).not.toContain('Sensitive health matter.');
    });
  });

  describe('sharing decisions', () => {
    const share = validShare();

    it('requires authentication', async () => {
      await request(testApp.baseUrl).post(`/api/entries/${childId}/sharing-decisions`).send(share).expect(401);
    });

    it('opens a withheld entry to the agency it is shared with, and records the decision for the register', async () => {
      const entryId = await recordAs(USERS.healthVisitor, { sensitivity: 'restricted', summary: 'Restricted matter to be shared.' });
      const police = apiFor(testApp, USERS.police);
      expect((await police.get(`/api/entries/${entryId}`)).body.kind).toBe('withheld');

      const recorded = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/sharing-decisions`, share);
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({ entryId, decision: 'shared', recipientAgency: { code: 'police-scotland' }, familyInformed: false });

      const opened = await police.get(`/api/entries/${entryId}`);
      expect(opened.body).toMatchObject({ kind: 'entry', summary: 'Restricted matter to be shared.' });
      expect(opened.body.professionalAnalysis).toBeUndefined();
      // Shared with the police only: the mentor still gets no more than before.
      expect((await apiFor(testApp, USERS.mentor).get(`/api/entries/${entryId}`)).text).not.toContain('Restricted matter to be shared.');

      const register = await apiFor(testApp, USERS.dpo).get(`/api/sharing-decisions?childId=${childId}`);
      expect(register.status).toBe(200);
      expect(register.body.map((decision: { id: string }) => decision.id)).toContain(recorded.body.id);

      // The entry's decisions, for its recording agency and for the DPO: each reading is audited against the child, with its basis.
      for (const username of [USERS.healthVisitor, USERS.dpo]) {
        const decisions = await apiFor(testApp, username).get(`/api/entries/${entryId}/sharing-decisions`);
        expect(decisions.status).toBe(200);
        expect(decisions.body.map((decision: { id: string }) => decision.id)).toEqual([recorded.body.id]);
      }
      const events = await testApp.ownerQuery<{ child_id: string; relationship: string | null; purpose: string }>(
        `SELECT child_id, relationship, purpose FROM audit.events WHERE action = 'entry.sharing-decisions' AND $1 = ANY(entry_ids) ORDER BY id`,
        [entryId],
      );
      expect(events).toEqual([
        { child_id: childId, relationship: expect.stringMatching(/^(team-member|involved)$/), purpose: 'case-work' },
        { child_id: childId, relationship: null, purpose: 'audit' },
      ]);
      expect((await apiFor(testApp, USERS.dpo).get(`/api/entries/00000000-0000-4000-8000-000000000000/sharing-decisions`)).status).toBe(404);
    });

    it('records a refusal without opening anything', async () => {
      const entryId = await recordAs(USERS.healthVisitor, { sensitivity: 'restricted', summary: 'Refused to police.' });
      const refused = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/sharing-decisions`, {
        recipientAgency: 'police-scotland',
        decision: 'refused',
        purpose: 'Not necessary for the police role in the plan.',
        familyInformed: true,
      });
      expect(refused.status).toBe(201);
      expect((await apiFor(testApp, USERS.police).get(`/api/entries/${entryId}`)).body.kind).toBe('withheld');
    });

    it('refuses a share by another agency, or without a lawful basis, and changes nothing', async () => {
      const entryId = await recordAs(USERS.healthVisitor);
      const before = await tableCounts(testApp);
      const byPolice = await apiFor(testApp, USERS.police).post(`/api/entries/${entryId}/sharing-decisions`, { ...share, recipientAgency: 'brighter-paths-mentoring' });
      expect(byPolice.status).toBe(403);
      const { lawfulBasis: _lawfulBasis, ...withoutBasis } = share;
      const noBasis = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/sharing-decisions`, withoutBasis);
      expect(noBasis.status).toBe(400);
      expect(noBasis.body.details).toEqual([expect.objectContaining({ field: 'lawfulBasis' })]);
      const unknownAgency = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/sharing-decisions`, { ...share, recipientAgency: 'no-such-agency' });
      expect(unknownAgency.status).toBe(400);
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it('keeps sharing decisions append-only in the database', async () => {
      await expectAppendOnly(testApp, `UPDATE sharing_decisions SET decision = 'refused'`);
      await expectAppendOnly(testApp, `DELETE FROM sharing_decisions`);
      await expectAppendOnly(testApp, `TRUNCATE sharing_decisions`);
    });
  });

  describe('claimed and emergency access', () => {
    let otherChildId: string;

    beforeAll(async () => {
      otherChildId = await createChildWithTeam(testApp, [{ username: USERS.police, capacity: 'police-contact' }]);
      for (const entry of [
        validEntry({ summary: 'Standard police entry.', eventType: 'missing-episode' }),
        validEntry({ summary: 'Restricted police intelligence.', eventType: 'cse-concern', sensitivity: 'restricted' }),
      ]) {
        expect((await apiFor(testApp, USERS.police).post(`/api/children/${otherChildId}/entries`, entry)).status).toBe(201);
      }
    });

    it('requires authentication', async () => {
      await request(testApp.baseUrl).post('/api/access-claims').send({ childId: otherChildId, kind: 'emergency', reason: REASON }).expect(401);
    });

    it('needs a written reason, and is not for administrators, data protection officers or team members; refusals change nothing', async () => {
      const before = await tableCounts(testApp);
      const short = await apiFor(testApp, USERS.socialWorker).post('/api/access-claims', { childId: otherChildId, kind: 'emergency', reason: 'urgent' });
      expect(short.status).toBe(400);
      expect(short.body.details).toEqual([expect.objectContaining({ field: 'reason' })]);
      expect((await apiFor(testApp, USERS.admin).post('/api/access-claims', { childId: otherChildId, kind: 'emergency', reason: REASON })).status).toBe(403);
      expect((await apiFor(testApp, USERS.dpo).post('/api/access-claims', { childId: otherChildId, kind: 'emergency', reason: REASON })).status).toBe(403);
      const member = await apiFor(testApp, USERS.police).post('/api/access-claims', { childId: otherChildId, kind: 'self-claimed', reason: REASON });
      expect(member.status).toBe(409);
      expect(member.body.code).toBe('ALREADY_HAS_ACCESS');
      const unknown = await apiFor(testApp, USERS.socialWorker).post('/api/access-claims', { childId: '00000000-0000-4000-8000-000000000000', kind: 'emergency', reason: REASON });
      expect(unknown.status).toBe(404);
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it('grants emergency access for the configured time: reads are marked, restricted entries stay withheld, the DPO is alerted', async () => {
      const socialWorker = apiFor(testApp, USERS.socialWorker);
      expect((await socialWorker.get(`/api/children/${otherChildId}/chronology`)).status).toBe(404);

      const claimed = await socialWorker.post('/api/access-claims', { childId: otherChildId, kind: 'emergency', reason: REASON });
      expect(claimed.status).toBe(201);
      const hours = (Date.parse(claimed.body.expiresAt) - Date.parse(claimed.body.grantedAt)) / 3_600_000;
      expect(hours).toBe(4);

      const chronology = await socialWorker.get(`/api/children/${otherChildId}/chronology`);
      expect(chronology.status).toBe(200);
      expect(chronology.body.access).toEqual({ relationship: 'emergency', claim: expect.objectContaining({ id: claimed.body.id, kind: 'emergency' }) });
      expect(chronology.text).toContain('Standard police entry.');
      expect(chronology.text).not.toContain('Restricted police intelligence.');
      expect(chronology.body.withheldUndated).toEqual([expect.objectContaining({ count: 1, sensitivity: 'restricted', source: { agency: expect.objectContaining({ code: 'police-scotland' }) } })]);

      const [audit] = await testApp.dataSource.query<{ relationship: string; access_claim_id: string; break_glass: boolean; purpose: string }[]>(
        `SELECT relationship, access_claim_id, break_glass, purpose FROM audit.events WHERE action = 'chronology.read' AND child_id = $1 ORDER BY id DESC LIMIT 1`,
        [otherChildId],
      );
      expect(audit).toEqual({ relationship: 'emergency', access_claim_id: claimed.body.id, break_glass: true, purpose: 'break-glass' });

      const alerts = await apiFor(testApp, USERS.dpo).get('/api/access-alerts');
      expect(alerts.status).toBe(200);
      expect(alerts.body).toContainEqual(
        expect.objectContaining({ claimId: claimed.body.id, kind: 'emergency', reason: REASON, active: true, entriesRead: 1, practitioner: expect.objectContaining({ name: expect.any(String) }) }),
      );
      expect((await apiFor(testApp, USERS.socialWorker).get('/api/access-alerts')).status).toBe(403);
      await expectAppendOnly(testApp, `UPDATE access_claims SET expires_at = now() + interval '1 year'`);
      await expectAppendOnly(testApp, `TRUNCATE access_claims CASCADE`);
    });

    it('finds the child by identifier for a self-claimed relationship', async () => {
      const admin = apiFor(testApp, USERS.admin);
      const created = await admin.post('/api/children', { givenName: 'Claim', familyName: 'ByChi', dateOfBirth: '2018-02-02', identifiers: [{ scheme: 'chi', value: '0202184567' }] });
      expect(created.status).toBe(201);
      const claimed = await apiFor(testApp, USERS.healthVisitor).post('/api/access-claims', { identifier: { scheme: 'chi', value: '020218 4567' }, kind: 'self-claimed', reason: REASON });
      expect(claimed.status).toBe(201);
      expect(claimed.body.childId).toBe(created.body.id);
      const found = await apiFor(testApp, USERS.healthVisitor).get('/api/children?identifier=0202184567');
      expect(found.body.map((child: { id: string }) => child.id)).toEqual([created.body.id]);
    });

    it('ends with its expiry: an expired claim gives nothing', async () => {
      const expiredChild = await createChildWithTeam(testApp, []);
      await testApp.dataSource.query(
        `INSERT INTO access_claims (child_id, practitioner_id, kind, reason, granted_at, expires_at)
         VALUES ($1, $2, 'emergency', $3, now() - interval '5 hours', now() - interval '1 hour')`,
        [expiredChild, await practitionerId(testApp, USERS.gp), REASON],
      );
      const gp = apiFor(testApp, USERS.gp);
      expect((await gp.get(`/api/children/${expiredChild}`)).status).toBe(404);
      expect((await gp.get(`/api/children/${expiredChild}/chronology`)).status).toBe(404);
    });
  });

  describe('involvement periods', () => {
    it("stops access the day after an involvement ends, exactly as for a child never known", async () => {
      const endedChild = await createChildWithTeam(testApp, []);
      await testApp.dataSource.query(
        `INSERT INTO involvements (child_id, practitioner_id, capacity, starts_on, ends_on, created_by_id)
         VALUES ($1, $2, 'gp', '2025-01-01', current_date - 1, $2)`,
        [endedChild, await practitionerId(testApp, USERS.gp)],
      );
      const gp = apiFor(testApp, USERS.gp);
      const ended = await gp.get(`/api/children/${endedChild}/chronology`);
      const neverKnown = await gp.get(`/api/children/00000000-0000-4000-8000-000000000000/chronology`);
      expect(ended.status).toBe(404);
      expect({ code: ended.body.code, message: ended.body.message }).toEqual({ code: neverKnown.body.code, message: neverKnown.body.message });
    });
  });

  describe('an entry named by its id alone', () => {
    it("answers a reader who may not open the entry's child exactly as for an id that names no entry, on every route, and records the refusal", async () => {
      const entryId = await recordAs(USERS.healthVisitor);
      const unknown = '00000000-0000-4000-8000-000000000000';
      const answer = (response: request.Response) => ({ status: response.status, code: response.body.code, message: response.body.message });
      // The GP has no relationship with the child; the administrator may see its record but no case content.
      for (const username of [USERS.gp, USERS.admin]) {
        const reader = apiFor(testApp, username);
        for (const path of ['', '/history', '/sharing-decisions', '/seen-by', '/subject-access-exemption']) {
          const refused = answer(await reader.get(`/api/entries/${entryId}${path}`));
          expect(refused).toEqual(answer(await reader.get(`/api/entries/${unknown}${path}`)));
          expect(refused.status).toBe(404);
        }
        const writes: [string, object][] = [
          ['/amendments', { reason: 'Corrected', changes: { summary: 'Changed' } }],
          ['/entered-in-error', { reason: 'Recorded against the wrong child' }],
        ];
        for (const [path, body] of writes) {
          const refused = answer(await reader.post(`/api/entries/${entryId}${path}`, body));
          expect(refused).toEqual(answer(await reader.post(`/api/entries/${unknown}${path}`, body)));
          expect(refused.status).toBe(404);
        }
      }
      const [{ refusals }] = await testApp.dataSource.query<{ refusals: number }[]>(
        `SELECT count(*)::int AS refusals FROM audit.events WHERE outcome = 'denied' AND action = 'entry.read' AND child_id = $1 AND actor_subject = ANY($2)`,
        [childId, [USERS.gp, USERS.admin]],
      );
      expect(refusals).toBe(2);
    });
  });

  describe('GET /api/policy/explain', () => {
    it('requires authentication', async () => {
      await request(testApp.baseUrl).get(`/api/policy/explain?childId=${childId}`).expect(401);
    });

    it('says which rule lets a reader see each field, and why a field is withheld and whom to ask', async () => {
      const entryId = await recordAs(USERS.healthVisitor);
      const response = await apiFor(testApp, USERS.mentor).get(`/api/policy/explain?childId=${childId}&entryId=${entryId}`);
      expect(response.status).toBe(200);
      expect(response.body.child).toEqual({ id: childId, relationship: 'involved', claim: null });
      const field = (name: string) => response.body.entry.fields.find((candidate: { field: string }) => candidate.field === name);
      expect(field('summary')).toMatchObject({ readable: true, grantedBy: { id: 'team-reads-standard-outline' } });
      expect(field('detail')).toMatchObject({ readable: false, explanation: expect.stringContaining('NHS Lanarkshire') });
      expect(field('detail').wouldBeReadableUnder.map((rule: { id: string }) => rule.id)).toContain('explicit-share-reads-entry');
      expect(response.body.entry.youMay).toEqual({ amend: false, share: false });
    });

    it('is "not found" for a child the user has no relationship with', async () => {
      const response = await apiFor(testApp, USERS.gp).get(`/api/policy/explain?childId=${childId}`);
      expect(response.status).toBe(404);
    });

    it('rejects a malformed id with 400', async () => {
      const response = await apiFor(testApp, USERS.mentor).get('/api/policy/explain?childId=nope');
      expect(response.status).toBe(400);
    });
  });
});

describe('access policy validation at start-up', () => {
  it('refuses to start with an invalid policy, listing every problem', async () => {
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-policy-'));
    const source = path.join(__dirname, '..', '..', 'config');
    fs.cpSync(source, configDir, { recursive: true });
    const policy = JSON.parse(fs.readFileSync(path.join(source, 'access-policy.json'), 'utf8'));
    policy.rules[0].roles = ['practitioner', 'caretaker'];
    policy.rules[1].fields = ['eventDate', 'bloodGroup'];
    policy.rules[2].when = { weather: 'sunny' };
    fs.writeFileSync(path.join(configDir, 'access-policy.json'), JSON.stringify(policy));
    const databaseUrl = await createScratchDatabase();
    try {
      const started = startTestApp({ env: { CHRONICLE_CONFIG_DIR: configDir }, sharedDatabaseUrl: databaseUrl });
      await expect(started).rejects.toThrow(/Invalid access policy/);
      const message = await started.catch((error: Error) => error.message);
      expect(message).toContain('"caretaker"');
      expect(message).toContain('"bloodGroup"');
      expect(message).toContain('"weather"');
    } finally {
      await dropScratchDatabase(databaseUrl);
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });
});
