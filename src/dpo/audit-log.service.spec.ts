import type { DataSource } from 'typeorm';
import type { AccessService } from '../access/access.service';
import type { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { Vocabularies } from '../common/request-checks';
import { AuditLogService } from './audit-log.service';
import { AuditEventRow } from './audit-event.view';

const caller = { user: { subject: 'dpo' }, correlationId: 'c-1', clientAddress: null } as unknown as Caller;

/** An audit log over a trail whose reads answer `batches` in turn (an Error fails that read). */
function serviceOver(batches: (AuditEventRow[] | Error)[]) {
  const recorded: { outcome: string; details: Record<string, unknown> }[] = [];
  const query = jest.fn(async () => {
    const next = batches.shift() ?? [];
    if (next instanceof Error) throw next;
    return next;
  });
  const dataSource = { manager: { query }, query } as unknown as DataSource;
  const access = { assertCan: jest.fn(async () => undefined) } as unknown as AccessService;
  const audit = {
    record: jest.fn(async (_manager: unknown, _caller: Caller, record: { details: Record<string, unknown> }) => void recorded.push({ outcome: 'success', details: record.details })),
    recordOnOwnConnection: jest.fn(async (_caller: Caller, record: { outcome: string; details: Record<string, unknown> }) => void recorded.push(record)),
  } as unknown as AuditService;
  return { service: new AuditLogService(dataSource, access, audit, new Vocabularies()), recorded };
}

const row = (id: number): AuditEventRow => ({ id: String(id), occurredAt: '2026-12-01T10:00:00.000000Z' }) as unknown as AuditEventRow;
const fullBatch = (): AuditEventRow[] => Array.from({ length: 2000 }, (_, index) => row(index + 1));

describe(AuditLogService.name, () => {
  describe('export', () => {
    it('records a failure, and no success, when the trail cannot be read before anything is sent', async () => {
      const { service, recorded } = serviceOver([new Error('canceling statement due to statement timeout')]);
      const write = jest.fn(async () => true);
      await expect(service.export(caller, {}, 'csv', write)).rejects.toThrow(/statement timeout/);
      expect(write).not.toHaveBeenCalled();
      expect(recorded).toEqual([expect.objectContaining({ outcome: 'failed', details: expect.objectContaining({ reason: 'export-failed', eventsSent: 0 }) })]);
    });

    it('records the success before the first row leaves, and a failure with what was sent when a later batch fails', async () => {
      const { service, recorded } = serviceOver([fullBatch(), new Error('connection lost')]);
      const written: number[] = [];
      await expect(service.export(caller, {}, 'fhir', async (events) => (written.push(events.length), true))).rejects.toThrow(/connection lost/);
      expect(written).toEqual([2000]);
      expect(recorded.map((event) => event.outcome)).toEqual(['success', 'failed']);
      expect(recorded[1].details).toMatchObject({ format: 'fhir', eventsSent: 2000 });
    });

    it('records one success for an export that completes', async () => {
      const { service, recorded } = serviceOver([[row(1), row(2)]]);
      await service.export(caller, {}, 'csv', async () => true);
      expect(recorded).toEqual([expect.objectContaining({ outcome: 'success' })]);
    });
  });
});
