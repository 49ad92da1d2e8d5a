import request from 'supertest';
import { apiFor, createChildWithTeam, tableCounts, USERS, validEntry, validShare } from '../support/fixtures';
import { formTokenOf, signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * An entry marked entered in error is no longer part of the record: every write that acts on it is
 * refused with 409 ENTRY_ENTERED_IN_ERROR and changes nothing (a sharing decision either way, an
 * exemption from subject access, a release to a subject access request, a dispute, an amendment),
 * once the caller is found to know of it; anyone who may not is answered as for no entry at all.
 */
describe('an entry marked entered in error', () => {
  let testApp: TestApp;
  let childId: string;
  let inError: string;
  let open: string;
  const CANARY = 'CANARY-WRONG-CHILD';
  const UNKNOWN = '00000000-0000-4000-8000-000000000000';
  const SAR = { requesterName: 'Jane Test', capacity: 'parental-responsibility', receivedOn: '2026-01-31' };

  beforeAll(async () => {
    testApp = await startTestApp();
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
    ]);
    const record = async (overrides: Record<string, unknown>): Promise<string> => {
      const created = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry(overrides));
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      return created.body.id;
    };
    inError = await record({ sensitivity: 'restricted', summary: `${CANARY} recorded against this child by mistake`, namesThirdParties: true });
    open = await record({ sensitivity: 'restricted', summary: 'An entry still part of the record' });
    const marked = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${inError}/entered-in-error`, { reason: 'Recorded against the wrong child' });
    expect(marked.status).toBe(201);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  /** A write sent with its own correlation id, so the audit events it left can be told apart. */
  const post = async (username: string, path: string, body: object, correlationId: string): Promise<request.Response> =>
    request(testApp.baseUrl)
      .post(path)
      .set('Authorization', `Bearer ${await testApp.tokenFor(username)}`)
      .set('x-correlation-id', correlationId)
      .send(body);
  const eventsOf = (correlationId: string) =>
    testApp.dataSource.query<{ action: string; outcome: string; reason: string | null }[]>(
      `SELECT action, outcome, details->>'reason' AS reason FROM audit.events WHERE correlation_id = $1 ORDER BY id`,
      [correlationId],
    );
  const answer = (response: request.Response) => ({ status: response.status, code: response.body.code, message: response.body.message });
  const ENTERED_IN_ERROR = { status: 409, code: 'ENTRY_ENTERED_IN_ERROR', message: expect.stringContaining('no longer part of the record') };
  let sequence = 0;
  const correlation = (name: string) => `in-error-${name}-${(sequence += 1)}-${Date.now()}`;

  describe('POST /api/entries/:entryId/sharing-decisions', () => {
    it('requires authentication', async () => {
      await request(testApp.baseUrl).post(`/api/entries/${inError}/sharing-decisions`).send(validShare()).expect(401);
    });

    it('refuses a decision to share it, or not to, with 409, and records nothing: the recipient still cannot read it', async () => {
      const before = await tableCounts(testApp);
      const decisions = [
        validShare(),
        { recipientAgency: 'police-scotland', decision: 'refused', purpose: 'Not necessary for the police role in the plan.', familyInformed: true },
      ];
      for (const decision of decisions) {
        const id = correlation('share');
        const refused = await post(USERS.healthVisitor, `/api/entries/${inError}/sharing-decisions`, decision, id);
        expect(answer(refused)).toEqual(ENTERED_IN_ERROR);
        // As the service's other refusals of a request it lets through the policy (an agency sharing with itself): no event.
        expect(await eventsOf(id)).toEqual([]);
      }
      expect(await tableCounts(testApp)).toEqual(before);
      expect((await apiFor(testApp, USERS.healthVisitor).get(`/api/entries/${inError}/sharing-decisions`)).body).toEqual([]);
      const police = await apiFor(testApp, USERS.police).get(`/api/entries/${inError}`);
      expect(police.body.kind).toBe('withheld');
      expect(police.text).not.toContain(CANARY);
      const [{ shares }] = await testApp.dataSource.query<{ shares: number }[]>(
        `SELECT count(*)::int AS shares FROM audit.events WHERE action = 'entry.share' AND outcome = 'success' AND $1 = ANY(entry_ids)`,
        [inError],
      );
      expect(shares).toBe(0);
    });

    it('answers first as the policy does: "not found" to whom may not know of it, exactly as for no entry, and "forbidden" to another agency', async () => {
      const unknown = answer(await apiFor(testApp, USERS.gp).post(`/api/entries/${UNKNOWN}/sharing-decisions`, validShare()));
      const id = correlation('share-gp');
      expect(answer(await post(USERS.gp, `/api/entries/${inError}/sharing-decisions`, validShare(), id))).toEqual(unknown);
      expect(unknown.status).toBe(404);
      expect(await eventsOf(id)).toEqual([{ action: 'entry.share', outcome: 'denied', reason: 'no-relationship' }]);
      const byPolice = { ...validShare(), recipientAgency: 'brighter-paths-mentoring' };
      const asForOpen = answer(await apiFor(testApp, USERS.police).post(`/api/entries/${open}/sharing-decisions`, byPolice));
      expect(asForOpen.status).toBe(403);
      expect(answer(await apiFor(testApp, USERS.police).post(`/api/entries/${inError}/sharing-decisions`, byPolice))).toEqual(asForOpen);
    });

    it('still records a decision on an entry that is part of the record', async () => {
      expect((await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${open}/sharing-decisions`, validShare())).status).toBe(201);
    });
  });

  describe('POST /api/entries/:entryId/subject-access-exemption', () => {
    const exemption = { exemption: 'third-party', reason: 'The neighbour has not agreed to it being shared.' };

    it('requires authentication', async () => {
      await request(testApp.baseUrl).post(`/api/entries/${inError}/subject-access-exemption`).send(exemption).expect(401);
    });

    it('refuses to mark it exempt, or to withdraw a marking, with 409, and records nothing', async () => {
      for (const body of [exemption, { exemption: 'none', reason: 'Withdrawn: the neighbour agreed.' }]) {
        const id = correlation('exempt');
        expect(answer(await post(USERS.healthVisitor, `/api/entries/${inError}/subject-access-exemption`, body, id))).toEqual(ENTERED_IN_ERROR);
        expect(await eventsOf(id)).toEqual([]);
      }
      const [{ count }] = await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM subject_access_exemptions WHERE entry_id = $1`, [inError]);
      expect(count).toBe(0);
      expect((await apiFor(testApp, USERS.healthVisitor).get(`/api/entries/${inError}/subject-access-exemption`)).body).toMatchObject({ entryId: inError, exemption: null });
    });

    it('answers first as the policy does', async () => {
      const unknown = answer(await apiFor(testApp, USERS.gp).post(`/api/entries/${UNKNOWN}/subject-access-exemption`, exemption));
      expect(unknown.status).toBe(404);
      expect(answer(await apiFor(testApp, USERS.gp).post(`/api/entries/${inError}/subject-access-exemption`, exemption))).toEqual(unknown);
      expect((await apiFor(testApp, USERS.police).post(`/api/entries/${inError}/subject-access-exemption`, exemption)).status).toBe(403);
    });
  });

  describe('POST /api/subject-access-requests/:requestId/releases', () => {
    let requestId: string;
    const release = () => ({ entryId: inError, reason: 'The neighbour agreed to it being shared with the family.' });

    beforeAll(async () => {
      const recorded = await apiFor(testApp, USERS.dpo).post(`/api/children/${childId}/subject-access-requests`, SAR);
      expect(recorded.status).toBe(201);
      requestId = recorded.body.id;
    });

    it('requires authentication', async () => {
      await request(testApp.baseUrl).post(`/api/subject-access-requests/${requestId}/releases`).send(release()).expect(401);
    });

    it('refuses to release it to a request with 409, and records nothing', async () => {
      const id = correlation('release');
      expect(answer(await post(USERS.dpo, `/api/subject-access-requests/${requestId}/releases`, release(), id))).toEqual(ENTERED_IN_ERROR);
      expect(await eventsOf(id)).toEqual([]);
      expect((await apiFor(testApp, USERS.dpo).get(`/api/subject-access-requests/${requestId}`)).body.releases).toEqual([]);
      const [{ count }] = await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM subject_access_releases WHERE entry_id = $1`, [inError]);
      expect(count).toBe(0);
    });

    it('is for data protection officers first: anyone else is refused before the entry is looked at', async () => {
      expect((await apiFor(testApp, USERS.healthVisitor).post(`/api/subject-access-requests/${requestId}/releases`, release())).status).toBe(403);
    });
  });

  describe('POST /api/entries/:entryId/disputes and amendments: the same rule, in the same words', () => {
    it('refuses a dispute and an amendment with 409', async () => {
      const dispute = await apiFor(testApp, USERS.dpo).post(`/api/entries/${inError}/disputes`, { words: 'That is not about my son.', disputedBy: 'Jane Test', capacity: 'parental-responsibility' });
      expect(answer(dispute)).toEqual(ENTERED_IN_ERROR);
      const amended = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${inError}/amendments`, { reason: 'Corrected', changes: { summary: 'Changed' } });
      expect(answer(amended)).toEqual({ ...ENTERED_IN_ERROR, message: dispute.body.message });
    });

    it('still lets a dispute recorded before the mark be answered: the mark is the change the dispute asked for', async () => {
      const entryId = (await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry())).body.id;
      const disputed = await apiFor(testApp, USERS.dpo).post(`/api/entries/${entryId}/disputes`, { words: 'That visit never happened.', disputedBy: 'Jane Test', capacity: 'parental-responsibility' });
      expect(disputed.status).toBe(201);
      expect((await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/entered-in-error`, { reason: 'The visit was to another family' })).status).toBe(201);
      const answered = await apiFor(testApp, USERS.healthVisitor).post(`/api/disputes/${disputed.body.id}/answer`, { outcome: 'amended', reason: 'Marked as entered in error: it was another family.' });
      expect(answered.status).toBe(201);
      expect(answered.body.status).toBe('amended');
    });
  });

  describe('web pages', () => {
    const entryPage = () => `/child/${childId}/entries/${inError}`;

    it('the entry page offers neither a change nor a sharing decision', async () => {
      const cookie = await signInSession(testApp, USERS.healthVisitor);
      const page = await request(testApp.baseUrl).get(entryPage()).set('Cookie', cookie).expect(200);
      expect(page.text).toContain('Entered in error');
      expect(page.text).not.toContain(`${entryPage()}/share`);
      expect(page.text).not.toContain(`${entryPage()}/amend`);
      // An entry still part of the record is offered both.
      const openPage = await request(testApp.baseUrl).get(`/child/${childId}/entries/${open}`).set('Cookie', cookie).expect(200);
      expect(openPage.text).toContain(`/child/${childId}/entries/${open}/share`);
    });

    it('the sharing page is refused in plain words, and its form posted anyway records nothing and says why', async () => {
      const cookie = await signInSession(testApp, USERS.healthVisitor);
      const page = await request(testApp.baseUrl).get(`${entryPage()}/share`).set('Cookie', cookie).expect(403);
      expect(page.text).toContain('not once it is marked as entered in error');
      const before = await tableCounts(testApp);
      const posted = await request(testApp.baseUrl)
        .post(`${entryPage()}/share`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: await formTokenOf(testApp, cookie), recipientAgency: 'police-scotland', decision: 'refused', purpose: 'Not needed by the police.', familyInformed: 'yes' });
      expect(posted.status).toBe(409);
      expect(posted.text).toContain('no longer part of the record');
      expect(posted.text).not.toContain('there is a problem with the service');
      expect(await tableCounts(testApp)).toEqual(before);
    });

    it("the DPO's release form says why beside the entry's id, and records nothing", async () => {
      const cookie = await signInSession(testApp, USERS.dpo);
      const requestId = (await apiFor(testApp, USERS.dpo).post(`/api/children/${childId}/subject-access-requests`, SAR)).body.id;
      const posted = await request(testApp.baseUrl)
        .post(`/dpo/subject-access/${requestId}/releases`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: await formTokenOf(testApp, cookie), entryId: inError, releaseReason: 'The neighbour agreed to it being shared.' });
      expect(posted.status).toBe(400);
      expect(posted.text).toContain('no longer part of the record');
      expect(posted.text).toContain('href="#entryId"');
      expect((await apiFor(testApp, USERS.dpo).get(`/api/subject-access-requests/${requestId}`)).body.releases).toEqual([]);
    });
  });
  describe('in the chronology of a reader who may not read it', () => {
    it('leaves its marker and its withheld count, with includeEnteredInError as without (docs/access-policy.md, withdrawn entries)', async () => {
      const counts = async (): Promise<number[]> =>
        Promise.all(
          ['', '?includeEnteredInError=true'].map(async (query) => {
            const response = await apiFor(testApp, USERS.police).get(`/api/children/${childId}/chronology${query}`);
            expect(response.status).toBe(200);
            const groups: { source: { agency: { code: string } }; count: number }[] = response.body.withheldUndated;
            return groups.filter((group) => group.source.agency.code === 'nhs-lanarkshire').reduce((sum, group) => sum + group.count, 0);
          }),
        );
      const before = await counts();
      const created = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ sensitivity: 'restricted', summary: 'Recorded, then withdrawn' }));
      expect(created.status).toBe(201);
      expect(await counts()).toEqual(before.map((count) => count + 1));
      const marked = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${created.body.id}/entered-in-error`, { reason: 'Recorded against the wrong child' });
      expect(marked.status).toBe(201);
      expect(await counts()).toEqual(before);
      for (const query of ['', '?includeEnteredInError=true']) {
        const page = await apiFor(testApp, USERS.police).get(`/api/children/${childId}/chronology${query}`);
        expect(JSON.stringify(page.body)).not.toContain(created.body.id);
      }
    });
  });
});
