import request from 'supertest';
import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { pdfPages } from '../support/pdf-text';
import { signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

function binary(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

const WORDS = 'CANARY-DISPUTE-WORDS I was never at that address that night';
const DISPUTE = { words: WORDS, disputedBy: 'Jane Test', capacity: 'parental-responsibility' };

describe('disputes of entries', () => {
  let testApp: TestApp;
  let childId: string;
  let entryId: string;
  let disputeId: string;

  const printAs = async (username: string): Promise<string> => {
    const response = await request(testApp.baseUrl)
      .post(`/api/children/${childId}/exports`)
      .set('Authorization', `Bearer ${await testApp.tokenFor(username)}`)
      .send({ audience: 'case-conference', purpose: 'Case conference on 4 Dec 2026', producedFor: 'Conference members' })
      .buffer(true)
      .parse(binary);
    expect(response.status).toBe(201);
    return (await pdfPages(response.body)).join('\n').replace(/\s+/g, ' ');
  };

  beforeAll(async () => {
    testApp = await startTestApp();
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
      { username: USERS.mentor, capacity: 'mentor' },
    ]);
    const created = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry({ eventDate: '2025-02-03', summary: 'CANARY-DISPUTED-SUMMARY visit at the flat' }));
    expect(created.status).toBe(201);
    entryId = created.body.id;
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
  });

  describe('POST /api/entries/:entryId/disputes', () => {
    it('requires authentication', async () => {
      await request(testApp.baseUrl).post(`/api/entries/${entryId}/disputes`).send(DISPUTE).expect(401);
    });

    it('is recorded by a data protection officer only, and bad input is refused whole', async () => {
      expect((await apiFor(testApp, USERS.socialWorker).post(`/api/entries/${entryId}/disputes`, DISPUTE)).status).toBe(403);
      const refused = await apiFor(testApp, USERS.dpo).post(`/api/entries/${entryId}/disputes`, { words: ' ', capacity: 'neighbour' });
      expect(refused.status).toBe(400);
      expect(refused.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['capacity', 'disputedBy', 'words']);
      const [{ count }] = await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM entry_disputes`);
      expect(count).toBe(0);
    });

    it('records the words as given, for the version disputed', async () => {
      const recorded = await apiFor(testApp, USERS.dpo).post(`/api/entries/${entryId}/disputes`, DISPUTE);
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({ entryId, childId, words: WORDS, capacity: 'parental-responsibility', versionDisputed: 1, status: 'open' });
      disputeId = recorded.body.id;
    });
  });

  describe('a dispute shows wherever the entry shows', () => {
    it('in the entry and the chronology, with the words for readers of the child’s view and restricted processing while open', async () => {
      for (const username of [USERS.socialWorker, USERS.police, USERS.healthVisitor]) {
        const entry = await apiFor(testApp, username).get(`/api/entries/${entryId}`);
        expect(entry.body).toMatchObject({ restrictedProcessing: true, disputes: [{ id: disputeId, status: 'open', disputedBy: 'parental-responsibility', words: WORDS }] });
        const chronology = await apiFor(testApp, username).get(`/api/children/${childId}/chronology`);
        expect(JSON.stringify(chronology.body)).toContain(WORDS);
      }
    });

    it('to a reader who may not read the child’s view: that it is disputed, without the words', async () => {
      const entry = await apiFor(testApp, USERS.mentor).get(`/api/entries/${entryId}`);
      expect(entry.body).toMatchObject({ kind: 'entry', restrictedProcessing: true, disputes: [{ id: disputeId, status: 'open' }] });
      expect(entry.text).not.toContain('CANARY-DISPUTE-WORDS');
      expect((await apiFor(testApp, USERS.mentor).get(`/api/children/${childId}/chronology`)).text).not.toContain('CANARY-DISPUTE-WORDS');
    });

    it('on the chronology and entry pages as in the API: marked as under restricted processing, the words only for readers of the child’s view', async () => {
      for (const [username, words] of [[USERS.socialWorker, true], [USERS.mentor, false]] as const) {
        const cookie = await signInSession(testApp, username);
        for (const path of [`/child/${childId}/chronology`, `/child/${childId}/entries/${entryId}`]) {
          const html = (await request(testApp.baseUrl).get(path).set('Cookie', cookie).expect(200)).text;
          expect({ username, path, disputed: html.includes('Disputed by a person with parental responsibility on') }).toEqual({ username, path, disputed: true });
          expect({ username, path, restricted: /restricted processing/i.test(html) }).toEqual({ username, path, restricted: true });
          expect({ username, path, words: html.includes(WORDS) }).toEqual({ username, path, words });
        }
      }
    });

    it('in every printed copy, which says the entry is under restricted processing', async () => {
      const text = await printAs(USERS.socialWorker);
      expect(text).toContain(`Disputed by a person with parental responsibility on`);
      expect(text).toContain(WORDS);
      expect(text).toContain('Restricted processing');
    });

    it('in the data subject’s own pack', async () => {
      const requested = await apiFor(testApp, USERS.dpo).post(`/api/children/${childId}/subject-access-requests`, { requesterName: 'Jane Test', capacity: 'parental-responsibility', receivedOn: '2026-11-30' });
      const pack = await apiFor(testApp, USERS.dpo).post(`/api/subject-access-requests/${requested.body.id}/packs`, { format: 'json' });
      expect(pack.status).toBe(201);
      expect(JSON.parse(pack.text).entries[0]).toMatchObject({ id: entryId, restrictedProcessing: true, disputes: [{ words: WORDS }] });
    });
  });

  describe('POST /api/disputes/:disputeId/answer', () => {
    it('is for the recording agency only', async () => {
      const refused = await apiFor(testApp, USERS.police).post(`/api/disputes/${disputeId}/answer`, { outcome: 'upheld', reason: 'The police did not record this entry' });
      expect(refused.status).toBe(403);
    });

    it('answers someone who may not know of the entry exactly as for an id that names no dispute', async () => {
      const answer = { outcome: 'upheld', reason: 'Not theirs to answer' };
      const gp = apiFor(testApp, USERS.gp);
      const refused = await gp.post(`/api/disputes/${disputeId}/answer`, answer);
      const nothing = await gp.post('/api/disputes/00000000-0000-4000-8000-000000000000/answer', answer);
      expect({ status: refused.status, code: refused.body.code, message: refused.body.message }).toEqual({ status: 404, code: 'NOT_FOUND', message: nothing.body.message });
    });

    it('answers "amended" only after the entry was amended', async () => {
      const refused = await apiFor(testApp, USERS.healthVisitor).post(`/api/disputes/${disputeId}/answer`, { outcome: 'amended', reason: 'Corrected the address as asked' });
      expect(refused.status).toBe(409);
    });

    it('upholds with the reason: the dispute stays beside the entry, answered, and restricted processing ends', async () => {
      const answered = await apiFor(testApp, USERS.healthVisitor).post(`/api/disputes/${disputeId}/answer`, { outcome: 'upheld', reason: 'CANARY-UPHELD the visit log confirms the address' });
      expect(answered.status).toBe(201);
      expect(answered.body).toMatchObject({ status: 'upheld', answerReason: 'CANARY-UPHELD the visit log confirms the address' });
      const entry = await apiFor(testApp, USERS.socialWorker).get(`/api/entries/${entryId}`);
      expect(entry.body).toMatchObject({ restrictedProcessing: false, disputes: [{ status: 'upheld', words: WORDS, answerReason: 'CANARY-UPHELD the visit log confirms the address' }] });
      const text = await printAs(USERS.socialWorker);
      expect(text).toContain('Upheld by the recording agency');
      expect(text).not.toContain('Restricted processing');
      expect((await apiFor(testApp, USERS.healthVisitor).post(`/api/disputes/${disputeId}/answer`, { outcome: 'upheld', reason: 'Answering a second time' })).status).toBe(409);
    });

    it('lists open disputes for the data protection officer', async () => {
      const listed = await apiFor(testApp, USERS.dpo).get(`/api/disputes?childId=${childId}&status=all`);
      expect(listed.status).toBe(200);
      expect(listed.body.map((dispute: { id: string }) => dispute.id)).toEqual([disputeId]);
      expect((await apiFor(testApp, USERS.dpo).get(`/api/disputes?childId=${childId}`)).body).toEqual([]);
    });
  });
});
