import { createHash } from 'node:crypto';
import request from 'supertest';
import { apiFor, createChildWithTeam, expectAppendOnly, practitionerId, USERS, validEntry } from '../support/fixtures';
import { pdfPages } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

const PRODUCED_FOR = 'Panel members, Children’s Hearing 2 Dec 2026';
const HEARING = { audience: 'childrens-hearing', purpose: 'Children’s Hearing on 2 Dec 2026', producedFor: PRODUCED_FOR };
const FAMILY = { audience: 'family-copy', purpose: 'Subject access request SAR-2026-031', producedFor: 'Ms Jane Test (mother)' };

/** supertest collects a PDF body as a Buffer only when told to. */
function binary(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('printed chronologies', () => {
  let testApp: TestApp;
  let childId: string;
  const ids: Record<string, string> = {};

  const exportAs = async (username: string, body: Record<string, unknown>, path = `/api/children/${childId}/exports`) =>
    request(testApp.baseUrl)
      .post(path)
      .set('Authorization', `Bearer ${await testApp.tokenFor(username)}`)
      .send(body)
      .buffer(true)
      .parse(binary);

  const regenerateAs = async (username: string, exportId: string) =>
    request(testApp.baseUrl)
      .get(`/api/exports/${exportId}/document`)
      .set('Authorization', `Bearer ${await testApp.tokenFor(username)}`)
      .buffer(true)
      .parse(binary);

  const exportCount = async (): Promise<number> => (await testApp.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM exports`))[0].count;

  beforeAll(async () => {
    testApp = await startTestApp();
    childId = await createChildWithTeam(testApp, [
      { username: USERS.reviewingOfficer, capacity: 'reviewing-officer' },
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.police, capacity: 'police-contact' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
    ]);
    await testApp.ownerQuery(`INSERT INTO child_identifiers (child_id, scheme, value) VALUES ($1, 'chi', '1506190017')`, [childId]);
    const record = async (username: string, key: string, overrides: Record<string, unknown>) => {
      const created = await apiFor(testApp, username).post(`/api/children/${childId}/entries`, validEntry(overrides));
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      ids[key] = created.body.id;
    };
    await record(USERS.healthVisitor, 'health', {
      eventDate: '2025-02-03',
      summary: 'CANARY-HEALTH-SUMMARY home visit',
      impactOnChild: 'CANARY-HEALTH-IMPACT: Test was unsettled, TEST said so; the test went well',
      actionTaken: 'CANARY-HEALTH-ACTION',
      outcome: 'CANARY-HEALTH-OUTCOME',
      professionalAnalysis: 'CANARY-HEALTH-ANALYSIS',
      sourceReference: 'CANARY-HEALTH-REF',
      childView: 'CANARY-HEALTH-CHILD-VIEW',
    });
    await record(USERS.healthVisitor, 'thirdParty', { eventDate: '2025-03-10', summary: 'CANARY-THIRD-PARTY-SUMMARY mother’s treatment', detail: 'CANARY-THIRD-PARTY-DETAIL', sensitivity: 'sensitive', namesThirdParties: true });
    await record(USERS.police, 'restricted', { eventDate: '2025-04-01', eventType: 'concern-raised', summary: 'CANARY-POLICE-RESTRICTED intelligence', sensitivity: 'restricted' });
    await record(USERS.police, 'significant', { eventDate: '2025-05-20', eventType: 'concern-raised', summary: 'CANARY-POLICE-SIGNIFICANT concern at the door', significant: true });
    await record(USERS.socialWorker, 'amended', { eventDate: '2025-06-15', eventType: 'concern-raised', summary: 'CANARY-ORIGINAL-SUMMARY' });
    const amended = await apiFor(testApp, USERS.socialWorker).post(`/api/entries/${ids.amended}/amendments`, { reason: 'Wrong street given', changes: { summary: 'CANARY-AMENDED-SUMMARY' } });
    expect(amended.status).toBe(201);
    await record(USERS.socialWorker, 'inError', { eventDate: '2025-07-01', summary: 'CANARY-ENTERED-IN-ERROR' });
    expect((await apiFor(testApp, USERS.socialWorker).post(`/api/entries/${ids.inError}/entered-in-error`, { reason: 'Recorded on the wrong child' })).status).toBe(201);
    await record(USERS.healthVisitor, 'healthRestricted', { eventDate: '2025-08-20', summary: 'CANARY-HEALTH-RESTRICTED', sensitivity: 'restricted' });
    await record(USERS.socialWorker, 'namesOthers', { eventDate: '2025-09-02', eventType: 'concern-raised', summary: 'CANARY-NAMES-OTHERS grandmother’s account', namesThirdParties: true });
    const reasoned = await apiFor(testApp, USERS.socialWorker).post(`/api/entries/${ids.namesOthers}/amendments`, {
      reason: 'CANARY-REASON-NAMES-OTHERS the grandmother’s diagnosis was misspelt',
      changes: { summary: 'CANARY-NAMES-OTHERS grandmother’s account, corrected' },
    });
    expect(reasoned.status).toBe(201);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  describe('POST /api/children/:childId/exports', () => {
    it('requires authentication', async () => {
      await request(testApp.baseUrl).post(`/api/children/${childId}/exports`).send(HEARING).expect(401);
    });

    it('returns a PDF with its export id and SHA-256 in headers, marked and numbered on every page', async () => {
      const response = await exportAs(USERS.reviewingOfficer, HEARING);
      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toBe('application/pdf');
      const exportId = response.headers['x-export-id'];
      expect(exportId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers['x-export-sha256']).toBe(createHash('sha256').update(response.body).digest('hex'));
      expect(response.headers.location).toBe(`/api/exports/${exportId}`);

      const pages = await pdfPages(response.body);
      expect(pages.length).toBe(Number(response.headers['x-export-pages']));
      pages.forEach((page, index) => {
        expect(page.split('OFFICIAL-SENSITIVE').length - 1).toBeGreaterThanOrEqual(2);
        expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
        expect(page).toContain(exportId);
        expect(page).toContain(`Produced for: ${PRODUCED_FOR}`);
      });
      const text = pages.join('\n');
      for (const expected of ['Multi-agency chronology', 'Test Child', 'CHI 1506190017', '15 Jun 2019', 'All recorded events', "Children's Hearing panel", HEARING.purpose, 'Graham Wallace']) {
        expect(text).toContain(expected);
      }
    });

    it('shows the entries in date order, redacted for the reader and the audience; withheld content is a marker saying who holds it', async () => {
      const text = (await pdfPages((await exportAs(USERS.reviewingOfficer, HEARING)).body)).join('\n');
      const order = ['CANARY-HEALTH-SUMMARY', '10 Mar 2025', 'CANARY-POLICE-SIGNIFICANT', 'CANARY-AMENDED-SUMMARY'].map((canary) => text.indexOf(canary));
      expect(order.every((position) => position >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      // The reviewing officer (social work) may read these, but a hearing panel's copy leaves them out: record references, and
      // everything but the date, type and agency of a health record that names other people (their health is not the panel's).
      expect(text).not.toContain('CANARY-HEALTH-REF');
      expect(text).not.toContain('CANARY-HEALTH-ANALYSIS');
      expect(text).not.toContain('CANARY-THIRD-PARTY');
      expect(text).toMatch(/10 Mar 2025\s+Health assessment\s+NHS Lanarkshire[\s\S]{0,80}?Left out of this copy/);
      // The police's restricted entry is withheld from everyone outside the police, and says so without a date.
      expect(text).not.toContain('CANARY-POLICE-RESTRICTED');
      expect(text).toMatch(/1 restricted entry from NHS Lanarkshire, dates not shown[\s\S]*1 restricted entry from Police Scotland, dates not shown/);
      // Amended entries show their current version and say they were amended; entries in error are left out unless asked for.
      expect(text).not.toContain('CANARY-ORIGINAL-SUMMARY');
      expect(text).toMatch(/Amended: this is version 2/);
      expect(text).not.toContain('CANARY-ENTERED-IN-ERROR');
      expect(text).toContain('Significant');
      expect(text).toContain('CANARY-HEALTH-CHILD-VIEW');
    });

    it('withholds from another reader what the policy withholds from them, naming the agency that holds it', async () => {
      const text = (await pdfPages((await exportAs(USERS.police, { ...HEARING, audience: 'case-conference' })).body)).join('\n');
      expect(text).toContain('CANARY-POLICE-RESTRICTED');
      // The police see that NHS Lanarkshire's sensitive entry exists, when and what kind, but not what it says.
      expect(text).not.toContain('CANARY-THIRD-PARTY-SUMMARY');
      expect(text).toMatch(/10 Mar 2025[\s\S]*Withheld: held by NHS Lanarkshire[\s\S]*Some details withheld: held by NHS Lanarkshire \(contact: Public/);
    });

    it('leaves out of a family copy what names other people, and sensitive entries whole, with one general statement that names no holder and counts nothing', async () => {
      const text = (await pdfPages((await exportAs(USERS.reviewingOfficer, FAMILY)).body)).join('\n');
      expect(text).toContain('CANARY-HEALTH-SUMMARY');
      expect(text).not.toContain('CANARY-THIRD-PARTY');
      expect(text).not.toContain('Graham Wallace, Reviewing officer');
      // Nor who corrected an entry: the note says when, not by whom.
      expect(text).toMatch(/Amended: this is version 2 \(\d{1,2} \w{3} \d{4}\): Wrong street given/);
      expect(text).not.toContain('Priya Patel');
      // The sensitive entry left out whole has no row, not even its date; the restricted entries withheld from the producer are not mentioned.
      expect(text).not.toContain('10 Mar 2025');
      // Cells left out of an entry that names other people say so without saying why or who holds them.
      expect(text).toMatch(/2 Sep 2025\s+Concern raised\s+North Lanarkshire\s+Council Social Work\s+Services\s+Not included in this copy/);
      expect(text).not.toContain('CANARY-NAMES-OTHERS');
      // Nor why it was amended: a reason can quote what it corrects, so it goes where the summary goes.
      expect(text).not.toContain('CANARY-REASON');
      expect(text.split('Amended: this is version 2').length - 1).toBe(2);
      expect(text).toContain('Some information may have been left out of this copy, as the law allows. To ask about it, contact North Lanarkshire Council Social Work Services: Children and Families Team');
      expect(text).not.toMatch(/withheld|restricted entr|held by|dates not shown|for its audience/i);
      expect(text).toContain('End of chronology: 4 entries');
    });

    it('names the child by initials only in an anonymised copy, without date of birth or identifiers', async () => {
      const text = (await pdfPages((await exportAs(USERS.reviewingOfficer, { audience: 'learning-review', purpose: 'Learning review 2026/3', producedFor: 'Review panel' })).body)).join('\n');
      expect(text).toContain('T. C');
      expect(text).not.toContain('Test Child');
      // The entries' own words name the child by the initial too, in any case (erring on the child's side: "the test" goes too).
      expect(text).toMatch(/CANARY-HEALTH-IMPACT: T\. was\s+unsettled, T\. said so; the T\.\s+went\s+well/);
      expect(text).not.toMatch(/\btest\b/i);
      expect(text).not.toContain('1506190017');
      expect(text).not.toContain('15 Jun 2019');
    });

    it('applies the filters, and includes entries in error only when asked, with the reason', async () => {
      const filtered = (await pdfPages((await exportAs(USERS.reviewingOfficer, { ...HEARING, from: '2025-05-01', agency: ['police-scotland'] })).body)).join('\n');
      expect(filtered).toContain('CANARY-POLICE-SIGNIFICANT');
      expect(filtered).not.toContain('CANARY-HEALTH-SUMMARY');
      expect(filtered).toContain('From 1 May 2025');
      expect(filtered).toContain('Agencies: Police Scotland');
      const withErrors = (await pdfPages((await exportAs(USERS.reviewingOfficer, { ...HEARING, includeEnteredInError: true })).body)).join('\n');
      expect(withErrors).toContain('CANARY-ENTERED-IN-ERROR');
      expect(withErrors).toMatch(/Entered in error .*Recorded on the wrong child/s);
      // Marked beside its date, so the row is not read as fact.
      expect(withErrors).toMatch(/1 Jul 2025[\s\S]{0,60}?ENTERED IN\s+ERROR[\s\S]*CANARY-ENTERED-IN-ERROR/);
      expect(withErrors.match(/ENTERED IN\s+ERROR/g)).toHaveLength(1);
      expect(filtered).not.toMatch(/ENTERED IN\s+ERROR/);
    });

    it('filters by wellbeing indicator, and says so', async () => {
      const achieving = (await pdfPages((await exportAs(USERS.reviewingOfficer, { ...HEARING, wellbeingIndicator: ['achieving', 'included'] })).body)).join('\n');
      expect(achieving).toContain('Wellbeing indicators: Achieving, Included');
      expect(achieving).not.toContain('CANARY-HEALTH-SUMMARY');
      const healthy = (await pdfPages((await exportAs(USERS.reviewingOfficer, { ...HEARING, wellbeingIndicator: ['healthy'] })).body)).join('\n');
      expect(healthy).toContain('CANARY-HEALTH-SUMMARY');
    });

    it.each([
      ['an unknown audience', { ...HEARING, audience: 'the-press' }],
      ['no purpose', { audience: 'childrens-hearing', producedFor: PRODUCED_FOR }],
      ['no recipient', { audience: 'childrens-hearing', purpose: 'Hearing' }],
      ['an impossible date', { ...HEARING, from: '2025-02-30' }],
      ['a period that ends before it starts', { ...HEARING, from: '2025-06-01', to: '2025-01-01' }],
      ['an unknown field', { ...HEARING, watermark: 'none' }],
      ['control characters', { ...HEARING, producedFor: 'Panel\u0000' }],
      ['a wrong type', { ...HEARING, significant: 'yes' }, 'significant must be a boolean value'],
      ['an agency code that is not a list', { ...HEARING, agency: 'police-scotland' }, 'agency must be an array'],
      ['a purpose that is not text', { ...HEARING, purpose: ['Hearing'] }, 'purpose must be text'],
      ['a recipient of nothing visible', { ...HEARING, producedFor: '\u200b \u200b' }, 'producedFor must not be blank'],
      ['an unknown agency', { ...HEARING, agency: ['police-scotland', 'no-such-agency'] }, 'no such agency: no-such-agency'],
      ['an unknown event type', { ...HEARING, eventType: ['concern-raised', 'no-such-type'] }, 'no such event type: no-such-type'],
      ['an unknown wellbeing indicator', { ...HEARING, wellbeingIndicator: ['safe', 'happy'] }, 'wellbeingIndicator must list wellbeing indicators, each one of: safe, healthy'],
    ])('rejects %s with 400, and records nothing', async (_name, body, problem = '') => {
      const before = await exportCount();
      const response = await apiFor(testApp, USERS.reviewingOfficer).post(`/api/children/${childId}/exports`, body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      if (problem) expect(response.body.details.map((detail: { problem: string }) => detail.problem).join('\n')).toContain(problem);
      expect(await exportCount()).toBe(before);
    });

    it('is refused to administrators and emergency access, and "not found" to the data protection officer and anyone off the team', async () => {
      const before = await exportCount();
      expect((await apiFor(testApp, USERS.admin).post(`/api/children/${childId}/exports`, HEARING)).status).toBe(403);
      expect((await apiFor(testApp, USERS.dpo).post(`/api/children/${childId}/exports`, HEARING)).status).toBe(404);
      expect((await apiFor(testApp, USERS.mentor).post(`/api/children/${childId}/exports`, HEARING)).status).toBe(404);
      const claim = await apiFor(testApp, USERS.teacher).post('/api/access-claims', { childId, kind: 'emergency', reason: 'Urgent welfare concern raised at school this afternoon by the class teacher.' });
      expect(claim.status).toBe(201);
      expect((await apiFor(testApp, USERS.teacher).post(`/api/children/${childId}/exports`, HEARING)).status).toBe(403);
      expect(await exportCount()).toBe(before);
    });
  });

  describe('the record of an export', () => {
    let exportId: string;
    let sha256: string;

    beforeAll(async () => {
      const response = await exportAs(USERS.reviewingOfficer, HEARING);
      exportId = response.headers['x-export-id'];
      sha256 = response.headers['x-export-sha256'];
    });

    it('says who, when, for whom, why, on what basis, with which filters and exactly which entry versions', async () => {
      const response = await apiFor(testApp, USERS.reviewingOfficer).get(`/api/exports/${exportId}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: exportId,
        childId,
        producedBy: { id: await practitionerId(testApp, USERS.reviewingOfficer), name: 'Graham Wallace' },
        audience: { id: 'childrens-hearing' },
        purpose: HEARING.purpose,
        purposeOfUse: 'legal-proceedings',
        producedFor: PRODUCED_FOR,
        lawfulBasis: expect.stringContaining('Art. 6(1)(e)'),
        sha256,
        document: `/api/exports/${exportId}/document`,
      });
      const shown = response.body.entries as { entryId: string; version: number; shown: string }[];
      expect(shown.filter((entry) => entry.shown === 'entry').map((entry) => entry.entryId)).toEqual([ids.health, ids.thirdParty, ids.significant, ids.amended, ids.namesOthers]);
      expect(shown.find((entry) => entry.entryId === ids.amended)?.version).toBe(2);
      expect(shown.some((entry) => entry.entryId === ids.restricted || entry.entryId === ids.inError)).toBe(false);
      // The reading is audited with the reader's relationship to the child, as every other action on a child.
      const [event] = await testApp.ownerQuery<{ relationship: string | null; purpose: string }>(
        `SELECT relationship, purpose FROM audit.events WHERE action = 'export.read' AND details->>'exportId' = $1 ORDER BY id DESC LIMIT 1`,
        [exportId],
      );
      expect(event).toEqual({ relationship: 'involved', purpose: 'case-work' });
    });

    it('lists only the entries the reader may read now, and says so in the same words whether or not others are left unlisted', async () => {
      const byHealth = await exportAs(USERS.healthVisitor, { ...HEARING, audience: 'case-conference' });
      const healthExportId = byHealth.headers['x-export-id'];
      const listed = async (username: string) => {
        const response = await apiFor(testApp, username).get(`/api/exports/${healthExportId}`);
        expect(response.status).toBe(200);
        return response;
      };
      const entryIds = (response: request.Response): string[] => response.body.entries.map((entry: { entryId: string }) => entry.entryId);
      const producer = await listed(USERS.healthVisitor);
      expect(entryIds(producer)).toEqual([ids.health, ids.thirdParty, ids.significant, ids.amended, ids.healthRestricted, ids.namesOthers]);
      // The police may know only that NHS Lanarkshire holds a restricted entry, not which, nor that it lies in the document. Their own
      // restricted entry, covered by the document though withheld from its producer, they may read.
      const police = await listed(USERS.police);
      expect(entryIds(police)).toEqual([ids.health, ids.thirdParty, ids.restricted, ids.significant, ids.amended, ids.namesOthers]);
      const dpo = await listed(USERS.dpo);
      expect(dpo.body.entries).toEqual([]);
      for (const response of [producer, police, dpo]) {
        expect(response.body.entriesNote).toBe('Only the entries you may read now are listed, as the document shows them to you.');
        expect(Object.keys(response.body).filter((key) => /count|notShown|withheld/i.test(key))).toEqual([]);
      }
      for (const response of [police, dpo]) expect(JSON.stringify(response.body)).not.toContain(ids.healthRestricted);
    });

    it('is visible to the data protection officer, and "not found" to anyone off the team', async () => {
      expect((await apiFor(testApp, USERS.dpo).get(`/api/exports/${exportId}`)).status).toBe(200);
      expect((await apiFor(testApp, USERS.mentor).get(`/api/exports/${exportId}`)).status).toBe(404);
      expect((await apiFor(testApp, USERS.mentor).get('/api/exports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await apiFor(testApp, USERS.mentor).get('/api/exports/not-a-uuid')).status).toBe(400);
    });

    it('is audited as a disclosure: entries, fields shown, purpose and lawful basis, never the content', async () => {
      const [event] = await testApp.dataSource.query<{ entry_ids: string[]; fields: string[]; purpose: string; lawful_basis: string; details: { exportId: string; sha256: string } }[]>(
        `SELECT entry_ids, fields, purpose, lawful_basis, details FROM audit.events WHERE action = 'export.create' AND details->>'exportId' = $1`,
        [exportId],
      );
      expect([...event.entry_ids].sort()).toEqual([ids.health, ids.thirdParty, ids.significant, ids.amended, ids.namesOthers].sort());
      expect(event.fields).toEqual(expect.arrayContaining(['summary', 'eventDate', 'impactOnChild']));
      expect(event.fields).not.toContain('sourceReference');
      expect(event.fields).not.toContain('detail');
      expect(event).toMatchObject({ purpose: 'legal-proceedings', lawful_basis: expect.stringContaining('Art. 6(1)(e)'), details: { exportId, sha256 } });
      expect(JSON.stringify(event)).not.toContain('CANARY');
    });

    it('produces the same document again from the record, even after the entries change, for the same reader', async () => {
      expect((await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${ids.health}/amendments`, { reason: 'Later correction', changes: { summary: 'CANARY-HEALTH-LATER' } })).status).toBe(201);
      const again = await regenerateAs(USERS.reviewingOfficer, exportId);
      expect(again.status).toBe(200);
      expect(again.headers['x-export-sha256']).toBe(sha256);
      expect(again.headers['x-export-matches-original']).toBe('true');
      expect(createHash('sha256').update(again.body).digest('hex')).toBe(sha256);
      const text = (await pdfPages(again.body)).join('\n');
      expect(text).toContain('CANARY-HEALTH-SUMMARY');
      expect(text).not.toContain('CANARY-HEALTH-LATER');
      expect(text).not.toMatch(/made again/i);
    });

    it('redacts a regenerated copy for whoever asks for it: different permissions, different document, and it says so', async () => {
      const again = await regenerateAs(USERS.police, exportId);
      expect(again.status).toBe(200);
      expect(again.headers['x-export-matches-original']).toBe('false');
      const pages = await pdfPages(again.body);
      const text = pages.join('\n');
      expect(text).not.toContain('CANARY-THIRD-PARTY-SUMMARY');
      expect(text).toContain(exportId);
      // It says on its face that it is not the original, and for whom it was made: in the title block and on every page.
      expect(text).toMatch(/Made again\s+\d{1,2} \w{3} \d{4}, \d{2}:\d{2} GMT for Jamie Reid, Police Scotland[\s\S]*not\s+the\s+original,\s+and\s+may\s+differ\s+from\s+it/);
      for (const page of pages) expect(page).toMatch(/Made again \d{1,2} \w{3} \d{4}, \d{2}:\d{2} GMT for Jamie Reid/);
      expect(again.headers['x-export-sha256']).toBe(createHash('sha256').update(again.body).digest('hex'));
      // The notices are the asker's own, never the producer's: the police read their restricted entry, which the document covered
      // though its producer saw only that it existed, and are told of NHS Lanarkshire's.
      expect(text).toContain('CANARY-POLICE-RESTRICTED');
      expect(text).not.toMatch(/restricted entry from Police Scotland/);
      expect(text).toMatch(/1 restricted entry from NHS Lanarkshire, dates not shown/);
      const [event] = await testApp.dataSource.query<{ actor_subject: string }[]>(`SELECT actor_subject FROM audit.events WHERE action = 'export.regenerate' ORDER BY id DESC LIMIT 1`);
      expect(event).toEqual({ actor_subject: USERS.police });
    });

    it('holds, made again for another reader, no entry from outside the period, though the document covered it undated', async () => {
      const fromMay = await exportAs(USERS.reviewingOfficer, { ...HEARING, from: '2025-05-01' });
      const text = (await pdfPages((await regenerateAs(USERS.police, fromMay.headers['x-export-id'])).body)).join('\n');
      expect(text).toContain('CANARY-POLICE-SIGNIFICANT');
      expect(text).not.toContain('CANARY-POLICE-RESTRICTED');
      expect(text).not.toMatch(/restricted entry from Police Scotland/);
    });

    it('is "not found" to make again for anyone who may not, exactly as for an export that does not exist', async () => {
      const outsider = await regenerateAs(USERS.mentor, exportId);
      const administrator = await regenerateAs(USERS.admin, exportId);
      const none = await regenerateAs(USERS.mentor, '00000000-0000-4000-8000-000000000000');
      for (const refused of [outsider, administrator]) {
        expect(refused.status).toBe(404);
        expect(JSON.parse(refused.body.toString()).message).toBe(JSON.parse(none.body.toString()).message);
      }
    });

    it('is append-only', async () => {
      await expectAppendOnly(testApp, `UPDATE exports SET sha256 = repeat('0', 64)`);
    });

    it('narrows a copy made again by the stricter of the version printed and the entry as it is now, as a fresh copy would be', async () => {
      const recordAs = async (key: string, overrides: Record<string, unknown>) => {
        const created = await apiFor(testApp, USERS.healthVisitor).post(`/api/children/${childId}/entries`, validEntry(overrides));
        expect(created.status).toBe(201);
        ids[key] = created.body.id;
      };
      await recordAs('laterSensitive', { eventDate: '2025-10-01', summary: 'CANARY-LATER-SENSITIVE-SUMMARY' });
      await recordAs('laterOthers', { eventDate: '2025-10-02', summary: 'CANARY-LATER-OTHERS-SUMMARY', impactOnChild: 'CANARY-LATER-OTHERS-IMPACT' });
      await recordAs('laterLowered', { eventDate: '2025-10-03', summary: 'CANARY-LATER-LOWERED-SUMMARY', sensitivity: 'restricted' });
      const family = await exportAs(USERS.reviewingOfficer, { ...FAMILY, from: '2025-10-01' });
      const hearing = await exportAs(USERS.reviewingOfficer, { ...HEARING, from: '2025-10-01' });
      for (const response of [family, hearing]) expect((await pdfPages(response.body)).join('\n')).toMatch(/CANARY-LATER-SENSITIVE-SUMMARY[\s\S]*CANARY-LATER-OTHERS-IMPACT/);
      expect((await pdfPages(hearing.body)).join('\n')).toContain('2 restricted entries from NHS Lanarkshire, dates not shown');

      const amend = async (key: string, changes: Record<string, unknown>) =>
        expect((await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${ids[key]}/amendments`, { reason: 'Reassessed after a strategy discussion', changes })).status).toBe(201);
      await amend('laterSensitive', { sensitivity: 'sensitive' });
      await amend('laterOthers', { namesThirdParties: true });
      await amend('laterLowered', { sensitivity: 'standard' });

      // A family copy leaves sensitive entries out whole; a hearing copy leaves out all but the outline of health entries that name other people.
      const familyAgain = await regenerateAs(USERS.reviewingOfficer, family.headers['x-export-id']);
      expect(familyAgain.headers['x-export-matches-original']).toBe('false');
      const familyText = (await pdfPages(familyAgain.body)).join('\n');
      expect(familyText).not.toContain('CANARY-LATER-SENSITIVE-SUMMARY');
      expect(familyText).toContain('End of chronology: 1 entry');
      const hearingAgain = await regenerateAs(USERS.reviewingOfficer, hearing.headers['x-export-id']);
      expect(hearingAgain.headers['x-export-matches-original']).toBe('false');
      const hearingText = (await pdfPages(hearingAgain.body)).join('\n');
      expect(hearingText).toContain('2 Oct 2025');
      expect(hearingText).not.toContain('CANARY-LATER-OTHERS');
      expect(hearingText).toContain('Left out of this copy');
      // Lowered since: the version printed was restricted, so it stays withheld, date and all.
      expect(hearingText).not.toContain('CANARY-LATER-LOWERED-SUMMARY');
      expect(hearingText).toContain('2 restricted entries from NHS Lanarkshire, dates not shown');
      const fresh = (await pdfPages((await exportAs(USERS.reviewingOfficer, { ...HEARING, from: '2025-10-01' })).body)).join('\n');
      expect(fresh).not.toContain('CANARY-LATER-OTHERS-IMPACT');
    });

    it('prints the title block as first printed, so the same reader gets the same bytes after the child’s record or the producer’s job title changes', async () => {
      const original = await exportAs(USERS.reviewingOfficer, HEARING);
      const [child] = await testApp.ownerQuery<{ given_name: string }>(`SELECT given_name FROM children WHERE id = $1`, [childId]);
      const [producer] = await testApp.ownerQuery<{ job_title: string | null }>(`SELECT job_title FROM practitioners WHERE subject = $1`, [USERS.reviewingOfficer]);
      await testApp.ownerQuery(`UPDATE children SET given_name = 'Renamed' WHERE id = $1`, [childId]);
      await testApp.ownerQuery(`UPDATE practitioners SET job_title = 'Principal Reviewing Officer (CANARY-NEW-TITLE)' WHERE subject = $1`, [USERS.reviewingOfficer]);
      try {
        const again = await regenerateAs(USERS.reviewingOfficer, original.headers['x-export-id']);
        expect(again.headers['x-export-matches-original']).toBe('true');
        expect(createHash('sha256').update(again.body).digest('hex')).toBe(original.headers['x-export-sha256']);
        const record = await apiFor(testApp, USERS.reviewingOfficer).get(`/api/exports/${original.headers['x-export-id']}`);
        expect(record.body.producedBy).toMatchObject({ name: 'Graham Wallace', role: 'Reviewing officer' });
        // The change is real: a fresh copy names the child as the record now does.
        expect((await pdfPages((await exportAs(USERS.reviewingOfficer, HEARING)).body)).join('\n')).toContain('Renamed Child');
      } finally {
        await testApp.ownerQuery(`UPDATE children SET given_name = $2 WHERE id = $1`, [childId, child.given_name]);
        await testApp.ownerQuery(`UPDATE practitioners SET job_title = $2 WHERE subject = $1`, [USERS.reviewingOfficer, producer.job_title]);
      }
    });
  });

  describe('GET /api/disclosures', () => {
    it('lists every share beyond the default audience and every export, with its lawful basis, per child (data protection officers)', async () => {
      const shared = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${ids.thirdParty}/sharing-decisions`, {
        recipientAgency: 'police-scotland',
        decision: 'shared',
        purpose: 'Joint investigation',
        necessity: 'Needed for the joint interview plan',
        lawfulBasis: 'UK GDPR Art. 6(1)(e); DPA 2018 Sch. 1 para 18',
        familyInformed: false,
        familyNotInformedReason: 'Informing the family would put the child at risk',
      });
      expect(shared.status).toBe(201);
      const response = await apiFor(testApp, USERS.dpo).get(`/api/disclosures?childId=${childId}`);
      expect(response.status).toBe(200);
      const disclosures = response.body as { kind: string; to: string; lawfulBasis: string; entryIds: string[] }[];
      expect(disclosures[0]).toMatchObject({ kind: 'share', to: 'Police Scotland', lawfulBasis: 'UK GDPR Art. 6(1)(e); DPA 2018 Sch. 1 para 18', entryIds: [ids.thirdParty] });
      expect(disclosures.filter((item) => item.kind === 'export').length).toBe(await exportCount());
      expect(disclosures.find((item) => item.kind === 'export')).toMatchObject({ to: expect.stringContaining(PRODUCED_FOR), lawfulBasis: expect.any(String) });
      expect((await apiFor(testApp, USERS.reviewingOfficer).get(`/api/disclosures?childId=${childId}`)).status).toBe(403);
    });
  });

  describe('GET /api/export-audiences', () => {
    it('lists the audiences, what each copy leaves out and how it tells of what it withholds', async () => {
      const response = await apiFor(testApp, USERS.reviewingOfficer).get('/api/export-audiences');
      expect(response.status).toBe(200);
      expect(response.body.map((audience: { id: string; withheldNotices: string }) => `${audience.id}: ${audience.withheldNotices}`)).toEqual([
        'childrens-hearing: itemised',
        'case-conference: itemised',
        'looked-after-review: itemised',
        'family-copy: general',
        'learning-review: itemised',
      ]);
    });
  });
});
