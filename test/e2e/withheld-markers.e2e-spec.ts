import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { ChronologyDocument } from '../../src/export/pdf/chronology-document';
import { PdfRenderer } from '../../src/export/pdf/pdf-renderer';
import { apiFor, createChildWithTeam, USERS, validEntry } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Withheld markers that show their date, in printed copies (issue 13 #1 and #8). Under the demo
 * policy only emergency access, which cannot print, sees such markers; under this policy (the demo
 * one without "team-reads-sensitive-outline") every team member outside social work and the
 * recording agency sees another agency's sensitive entry as a marker with its date: not its time,
 * type, significance or end date. Those are varied, and neither the teacher's own copies, nor the
 * social worker's copies made again for the teacher, nor the teacher's chronology may change.
 */

const FILTERS: Record<string, unknown>[] = [{}, { eventType: ['concern-raised'] }, { significant: true }, { from: '2026-03-10' }];
const AUDIENCES = ['case-conference', 'learning-review'];
const HIDDEN_FACTS = [
  { eventTime: '08:00', eventType: 'concern-raised', significant: true, eventEndDate: '2026-03-12' },
  { eventTime: '20:00', eventType: 'health-assessment', significant: false, eventEndDate: '2026-03-06' },
  { eventTime: '12:00', eventType: 'concern-raised', significant: false, eventEndDate: '2026-03-05' },
];

describe('withheld markers with a date, in printed copies', () => {
  let testApp: TestApp;
  let childId: string;
  let hiddenId: string;
  let documents: jest.SpyInstance<Promise<{ pdf: Buffer; pages: number }>, [ChronologyDocument]>;
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-markers-'));

  beforeAll(async () => {
    const source = path.join(__dirname, '..', '..', 'config');
    fs.cpSync(source, configDir, { recursive: true });
    const policy = JSON.parse(fs.readFileSync(path.join(source, 'access-policy.json'), 'utf8'));
    policy.rules = policy.rules.filter((rule: { id: string }) => rule.id !== 'team-reads-sensitive-outline');
    fs.writeFileSync(path.join(configDir, 'access-policy.json'), JSON.stringify(policy));
    testApp = await startTestApp({ env: { CHRONICLE_CONFIG_DIR: configDir, RATE_LIMIT_API_PER_SECOND: '0' } });
    // Only chronology copies are made in this spec (no subject access letters).
    documents = jest.spyOn(testApp.app.get(PdfRenderer), 'render') as unknown as typeof documents;
    childId = await createChildWithTeam(testApp, [
      { username: USERS.healthVisitor, capacity: 'health-visitor' },
      { username: USERS.socialWorker, capacity: 'allocated-social-worker' },
      { username: USERS.teacher, capacity: 'guidance-teacher' },
    ]);
    const record = async (username: string, entry: Record<string, unknown>): Promise<string> => {
      const created = await apiFor(testApp, username).post(`/api/children/${childId}/entries`, validEntry(entry));
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      return created.body.id;
    };
    hiddenId = await record(USERS.healthVisitor, { eventDate: '2026-03-05', ...HIDDEN_FACTS[0], summary: 'Sensitive health matter', sensitivity: 'sensitive' });
    await record(USERS.teacher, { eventDate: '2026-03-05', eventTime: '09:00', eventType: 'concern-raised', summary: 'Morning at school', significant: true });
    await record(USERS.healthVisitor, { eventDate: '2026-03-05', eventTime: '15:00', summary: 'Afternoon visit' });
    await record(USERS.socialWorker, { eventDate: '2026-03-11', eventType: 'concern-raised', summary: 'Strategy discussion', significant: true });
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  const bearer = async (username: string): Promise<string> => `Bearer ${await testApp.tokenFor(username)}`;
  const lastDocument = (): unknown => {
    const { exportId: _id, producedAt: _at, remade, ...document } = documents.mock.calls.at(-1)![0];
    return { ...document, remade: remade ? { for: remade.for } : remade };
  };

  async function exportAs(username: string, audience: string, filters: Record<string, unknown>): Promise<{ exportId: string; pages: string; document: unknown }> {
    const made = await request(testApp.baseUrl)
      .post(`/api/children/${childId}/exports`)
      .set('Authorization', await bearer(username))
      .send({ audience, purpose: 'Case conference', producedFor: 'Conference members', ...filters });
    expect(made.status).toBe(201);
    return { exportId: made.headers['x-export-id'], pages: made.headers['x-export-pages'], document: lastDocument() };
  }

  /** The teacher's chronology, own copies, and the social worker's copies made again for the teacher. */
  async function teacherReceives(): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const filters of FILTERS) {
      const query = new URLSearchParams(Object.entries(filters).flatMap(([key, value]) => (Array.isArray(value) ? value.map((item) => [key, item]) : [[key, String(value)]])));
      const chronology = await request(testApp.baseUrl).get(`/api/children/${childId}/chronology?${query}`).set('Authorization', await bearer(USERS.teacher));
      expect(chronology.status).toBe(200);
      out.push({ filters, chronology: chronology.body });
      for (const audience of AUDIENCES) {
        const own = await exportAs(USERS.teacher, audience, filters);
        const socialWorkers = await exportAs(USERS.socialWorker, audience, filters);
        const again = await request(testApp.baseUrl).get(`/api/exports/${socialWorkers.exportId}/document`).set('Authorization', await bearer(USERS.teacher));
        expect(again.status).toBe(200);
        out.push({ filters, audience, own: { document: own.document, pages: own.pages }, again: { document: lastDocument(), pages: again.headers['x-export-pages'] } });
      }
    }
    return out;
  }

  it('the marker shows where the teacher’s entries of its day end, and the copies hold the same whatever its time, type, significance and end date', async () => {
    const first = await teacherReceives();
    const [unfiltered] = first as { chronology: { items: { kind: string; summary?: string }[] } }[];
    expect(unfiltered.chronology.items.map((item) => item.summary ?? item.kind)).toEqual(['Morning at school', 'Afternoon visit', 'withheld', 'Strategy discussion']);
    for (const facts of HIDDEN_FACTS.slice(1)) {
      const amended = await apiFor(testApp, USERS.healthVisitor).post(`/api/entries/${hiddenId}/amendments`, { reason: 'Corrected', changes: facts });
      expect(amended.status).toBe(201);
      expect({ facts, received: await teacherReceives() }).toEqual({ facts, received: first });
    }
  }, 300_000);
});
