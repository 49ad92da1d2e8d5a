import request from 'supertest';
import { DatabaseSnapshot, snapshotDatabase } from '../support/database-snapshot';
import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { formTokenOf, signInSession } from '../support/sessions';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A request's problems are reported together (docs/api.md, Errors): the rules across fields and the
 * codes a service knows are checked with the fields' own checks, never one stage per request, and
 * a refused request changes nothing. The web pages that post to the same services show the same
 * problems in their error summary.
 */

const NOT_SNAPSHOTTED = ['http_sessions', 'dev_idp_store'];
const CLAIM_REASON = 'Called to the house overnight; need the safeguarding history now';

describe('every problem of a request at once', () => {
  let testApp: TestApp;
  let childId: string;
  let entryId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { RATE_LIMIT_API_PER_SECOND: '0' } });
    childId = await createChildWithTeam(testApp, [{ username: USERS.healthVisitor, capacity: 'health-visitor' }]);
    const entry = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry());
    expect(entry.status).toBe(201);
    entryId = entry.body.id;
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const problemsOf = (response: request.Response): Record<string, string> =>
    Object.fromEntries((response.body.details ?? []).map((detail: { field: string; problem: string }) => [detail.field, detail.problem]));

  /** The request is refused with 400 VALIDATION_FAILED and leaves every table as it was. */
  async function refused(send: () => Promise<request.Response>): Promise<Record<string, string>> {
    const before: DatabaseSnapshot = await snapshotDatabase(testApp, { exclude: NOT_SNAPSHOTTED });
    const response = await send();
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await snapshotDatabase(testApp, { exclude: NOT_SNAPSHOTTED })).toEqual(before);
    return problemsOf(response);
  }

  describe('POST /api/access-claims', () => {
    const police = () => apiFor(testApp, USERS.police);

    it('neither childId nor identifier: "childId or identifier is required", and the short reason, together', async () => {
      const problems = await refused(() => police().post('/api/access-claims', { kind: 'emergency', reason: 'short' }));
      expect(problems).toEqual({
        childId: expect.stringMatching(/^childId or identifier is required/),
        identifier: 'childId or identifier is required',
        reason: expect.stringMatching(/at least 20 characters/),
      });
      expect(Object.values(problems).join(' ')).not.toContain('not both');
    });

    it('an unknown kind and a short reason, together', async () => {
      const problems = await refused(() => police().post('/api/access-claims', { childId, kind: 'bogus', reason: 'short' }));
      expect(Object.keys(problems).sort()).toEqual(['kind', 'reason']);
      expect(problems.reason).toMatch(/at least 20 characters/);
    });

    it('a reason of spaces around too few characters is short', async () => {
      const problems = await refused(() => police().post('/api/access-claims', { childId, kind: 'emergency', reason: `   ${'x'.repeat(19)}   ` }));
      expect(Object.keys(problems)).toEqual(['reason']);
    });

    it('both childId and identifier: "not both", on each', async () => {
      const problems = await refused(() => police().post('/api/access-claims', { childId, identifier: { scheme: 'chi', value: '1506190099' }, kind: 'emergency', reason: 'short' }));
      expect(problems).toEqual({ childId: expect.stringMatching(/not both/), identifier: expect.stringMatching(/not both/), reason: expect.stringMatching(/at least 20 characters/) });
    });

    it('a valid claim is still granted', async () => {
      expect((await police().post('/api/access-claims', { childId, kind: 'emergency', reason: CLAIM_REASON })).status).toBe(201);
    });
  });

  describe('POST /api/children', () => {
    const admin = () => apiFor(testApp, USERS.admin);
    const child = { givenName: 'Rory', familyName: 'Repeat', dateOfBirth: '2018-05-05' };

    it('the same identifier twice is a 400 on identifiers, not "already belongs to a child record"', async () => {
      const problems = await refused(() => admin().post('/api/children', { ...child, identifiers: [{ scheme: 'scn', value: '123456789' }, { scheme: 'scn', value: '123456789' }] }));
      expect(problems).toEqual({ identifiers: expect.stringMatching(/^the identifier scn 123456789 is given more than once/) });
    });

    it('written differently but the same once spaces are taken out, together with the fields\' own problems', async () => {
      const problems = await refused(() =>
        admin().post('/api/children', { givenName: 'Rory', dateOfBirth: '2018-05-05', identifiers: [{ scheme: 'chi', value: '0505181234' }, { scheme: 'chi', value: '050518 1234' }, { scheme: 'nhs', value: '1' }] }),
      );
      expect(problems).toEqual({
        familyName: 'familyName is required',
        identifiers: expect.stringMatching(/^the identifier chi 0505181234 is given more than once/),
        'identifiers.2.value': 'an NHS number must be 10 digits',
      });
    });

    it('the same value under two schemes is two identifiers', async () => {
      const created = await admin().post('/api/children', { ...child, identifiers: [{ scheme: 'scn', value: '223456789' }, { scheme: 'police-ref', value: '223456789' }] });
      expect(created.status).toBe(201);
    });
  });

  describe('POST /api/retention/extensions and /legal-holds', () => {
    const dpo = () => apiFor(testApp, USERS.dpo);

    it('an unknown class is a 400 naming the valid classes, and a past extendTo is reported with it', async () => {
      const problems = await refused(() => dpo().post('/api/retention/extensions', { childId, retentionClass: 'nope', extendTo: '2020-01-01', reason: 'long enough reason' }));
      expect(problems).toEqual({
        retentionClass: expect.stringMatching(/^no such retention class: nope; the retention class codes are .*child-health-record.*multi-agency-chronology-entry/),
        extendTo: expect.stringMatching(/after today/),
      });
    });

    it('a destruction of an unknown class is a 400 naming the valid classes', async () => {
      const problems = await refused(() => dpo().post('/api/retention/destructions', { childId, retentionClass: 'nope', reason: 'short' }));
      expect(Object.keys(problems).sort()).toEqual(['reason', 'retentionClass']);
    });

    it('a known class the child has no record of is still 404', async () => {
      const response = await dpo().post('/api/retention/extensions', { childId, retentionClass: 'pupil-progress-record', extendTo: '2090-01-01', reason: 'long enough reason' });
      expect(response.status).toBe(404);
    });

    it('a hold on one agency naming a child and no agency: both problems at once', async () => {
      const problems = await refused(() => dpo().post('/api/retention/legal-holds', { scope: 'agency', childId, reason: 'Litigation pending', requestedBy: 'Legal' }));
      expect(problems).toEqual({ agency: 'agency is required for a hold on one agency', childId: 'childId is only for a hold on one child' });
    });

    it('a hold on one child naming an agency, with no child and an unknown agency, and a short reason', async () => {
      const problems = await refused(() => dpo().post('/api/retention/legal-holds', { scope: 'child', agency: 'no-such-agency', reason: 'short', requestedBy: 'Legal' }));
      expect(Object.keys(problems).sort()).toEqual(['agency', 'childId', 'reason']);
      expect(problems.childId).toBe('childId is required for a hold on one child');
    });

    it('an unknown agency on a hold on one agency is named with the valid codes', async () => {
      const problems = await refused(() => dpo().post('/api/retention/legal-holds', { scope: 'agency', agency: 'no-such-agency', reason: 'Litigation pending', requestedBy: 'Legal' }));
      expect(problems).toEqual({ agency: expect.stringMatching(/^no such agency: no-such-agency; the agency codes are .*nhs-lanarkshire/) });
    });
  });

  describe('POST /api/entries/:entryId/sharing-decisions', () => {
    const share = { recipientAgency: 'calderbank-community-school', decision: 'refused', purpose: 'x', necessity: 'n', lawfulBasis: 'l' };

    it('a reason the family was not told, for a family that was told, is refused', async () => {
      const problems = await refused(() => apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/sharing-decisions`, { ...share, familyInformed: true, familyNotInformedReason: 'r' }));
      expect(problems).toEqual({ familyNotInformedReason: expect.stringMatching(/^familyNotInformedReason is only for a child or family that was not told/) });
    });

    it('with every other problem of the request', async () => {
      const problems = await refused(() =>
        apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/sharing-decisions`, { recipientAgency: 'calderbank-community-school', decision: 'shared', purpose: 'Plan', familyInformed: true, familyNotInformedReason: 'r' }),
      );
      expect(Object.keys(problems).sort()).toEqual(['familyNotInformedReason', 'lawfulBasis', 'necessity']);
    });

    it('a family not told still needs the reason', async () => {
      const problems = await refused(() => apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/sharing-decisions`, { ...share, familyInformed: false }));
      expect(Object.keys(problems)).toEqual(['familyNotInformedReason']);
    });
  });

  describe('POST /api/entries/:entryId/amendments', () => {
    it('clearing a field that cannot be cleared is reported with the changes\' other problems', async () => {
      const problems = await refused(() => apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${entryId}/amendments`, { reason: 'Corrected', changes: { summary: null, eventType: null, eventTime: '25:00' } }));
      expect(problems).toEqual({ 'changes.summary': 'summary cannot be cleared', 'changes.eventType': 'eventType cannot be cleared', 'changes.eventTime': expect.stringMatching(/HH:MM/) });
    });
  });

  describe('the web pages posting to the same services show the same problems together', () => {
    /** The error summary's links: the input each goes to, and what it says. */
    const summaryOf = (html: string): Record<string, string> => {
      const summary = /<div class="govuk-error-summary"[^]*?<\/ul>/.exec(html)?.[0] ?? '';
      return Object.fromEntries([...summary.matchAll(/<a href="#([\w-]+)">([^<]*)<\/a>/g)].map(([, field, text]) => [field, text]));
    };

    async function posted(username: string, path: string, form: Record<string, string>): Promise<request.Response> {
      const cookie = await signInSession(testApp, username);
      const token = await formTokenOf(testApp, cookie);
      const before = await snapshotDatabase(testApp, { exclude: NOT_SNAPSHOTTED });
      const response = await request(testApp.baseUrl).post(path).set('Cookie', cookie).type('form').send({ ...form, _csrf: token });
      expect({ status: response.status, text: response.status === 400 ? '' : response.text.replace(/\s+/g, ' ').slice(0, 3000) }).toEqual({ status: 400, text: '' });
      expect(await snapshotDatabase(testApp, { exclude: NOT_SNAPSHOTTED })).toEqual(before);
      return response;
    }

    it('requesting access: no kind and a short reason', async () => {
      const response = await posted(USERS.police, '/request-access', { scheme: 'chi', identifier: '1506190099', reason: 'short' });
      expect(summaryOf(response.text)).toEqual({ kind: 'Select why you need access', reason: 'Explain why you need access, in at least 20 characters' });
    });

    it('placing a legal hold on one agency, naming a child and no agency', async () => {
      const [{ value: chi }] = await testApp.ownerQuery<{ value: string }>(`SELECT value FROM child_identifiers WHERE scheme = 'chi' LIMIT 1`);
      const response = await posted(USERS.dpo, '/dpo/retention/legal-holds/new', { scope: 'agency', identifier: chi, agency: '', reason: 'Litigation pending', requestedBy: 'Legal' });
      expect(Object.keys(summaryOf(response.text)).sort()).toEqual(['agency', 'identifier']);
    });

    it('sharing an entry: a reason the family was not told, for a family that was told, with the missing lawful basis', async () => {
      const response = await posted(USERS.healthVisitor, `/child/${childId}/entries/${entryId}/share`, {
        recipientAgency: 'calderbank-community-school',
        decision: 'shared',
        purpose: 'Plan',
        necessity: 'The plan needs it.',
        familyInformed: 'yes',
        familyNotInformedReason: 'r',
      });
      expect(Object.keys(summaryOf(response.text)).sort()).toEqual(['familyNotInformedReason', 'lawfulBasis']);
    });
  });
});
