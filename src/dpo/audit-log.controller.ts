import { Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { ResponseStream } from '../common/response-stream';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AUDIT_CSV_HEADER, auditCsvLines } from './audit-csv';
import { AuditEventsPage, AuditEventView } from './audit-event.view';
import { AuditIntegrityService, CheckpointsView } from './audit-integrity.service';
import { AuditLogService } from './audit-log.service';
import { AuditEventsPageQuery, AuditEventsQuery } from './dto/audit-events.query';
import { AuditEventIdParam } from './dto/audit-event-id.param';
import { VerifyAuditQuery } from './dto/verify-audit.query';
import { FhirAuditBundle } from './fhir-audit-event';
import type { ChainVerification } from '../audit/chain-verification';
import type { SignedCheckpoint } from '../audit/checkpoint-signer';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditLogController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly log: AuditLogService,
    private readonly integrity: AuditIntegrityService,
  ) {}

  @Get('events')
  @ApiOperation({ summary: 'The audit trail, newest first, filtered by child, user, agency, action, purpose and period (data protection officers)' })
  events(@CurrentCaller() caller: Caller, @Query() query: AuditEventsPageQuery): Promise<AuditEventsPage> {
    return this.log.page(caller, query);
  }

  @Get('events.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Every matching audit event as CSV, newest first (data protection officers)' })
  async csv(@CurrentCaller() caller: Caller, @Query() query: AuditEventsQuery, @Res() res: Response): Promise<void> {
    const stream = new ResponseStream(res, { contentType: 'text/csv; charset=utf-8', filename: 'audit-events.csv', prefix: AUDIT_CSV_HEADER, suffix: '' });
    await this.log.export(caller, query, 'csv', (events) => stream.write(auditCsvLines(events)));
    stream.end();
  }

  @Get('events.fhir.json')
  @ApiProduces('application/fhir+json')
  @ApiOperation({ summary: 'Every matching audit event as a FHIR R4 Bundle (collection) of AuditEvent resources following IHE BALP, for a SIEM or another organisation' })
  async fhir(@CurrentCaller() caller: Caller, @Query() query: AuditEventsQuery, @Res() res: Response): Promise<void> {
    const bundle = new FhirAuditBundle(this.config);
    const stream = new ResponseStream(res, {
      contentType: 'application/fhir+json; charset=utf-8',
      filename: `audit-events-${bundle.id}.json`,
      prefix: bundle.opening,
      suffix: bundle.closing,
    });
    await this.log.export(caller, query, 'fhir', (events) => stream.write(bundle.entries(events)));
    stream.end();
  }

  @Get('events/:id')
  @ApiOperation({ summary: 'One audit event (data protection officers)' })
  event(@CurrentCaller() caller: Caller, @Param() params: AuditEventIdParam): Promise<AuditEventView> {
    return this.log.event(caller, params.id);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Re-compute the hash chain and report the first broken or missing link; optionally against a checkpoint kept elsewhere (data protection officers)' })
  verify(@CurrentCaller() caller: Caller, @Query() query: VerifyAuditQuery): Promise<ChainVerification> {
    return this.integrity.verify(caller, query);
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Signed checkpoints of the chain head, newest first, with the public key that verifies them (data protection officers)' })
  checkpoints(@CurrentCaller() caller: Caller): Promise<CheckpointsView> {
    return this.integrity.checkpoints(caller);
  }

  @Post('checkpoints')
  @ApiOperation({ summary: 'Sign and publish a checkpoint of the chain head now (data protection officers)' })
  checkpoint(@CurrentCaller() caller: Caller): Promise<SignedCheckpoint> {
    return this.integrity.checkpoint(caller);
  }
}
