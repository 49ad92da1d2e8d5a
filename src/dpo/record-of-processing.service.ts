import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicyService } from '../access/access-policy.service';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { ConfigFiles } from '../config/config-files';
import { ExportAudiencesService } from '../export/export-audiences';
import { RecordsManagementService } from '../retention/records-management';
import { recordOfProcessing, recordOfProcessingCsv, recordOfProcessingMarkdown } from './record-of-processing';

const MADE_FROM = ['access-policy.json', 'export-audiences.json', 'records-management.json'];

/** The record of processing for data protection officers, in the format asked for; audited like any use of the DPO's tools. */
@Injectable()
export class RecordOfProcessingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly policies: AccessPolicyService,
    private readonly audiences: ExportAudiencesService,
    private readonly records: RecordsManagementService,
    private readonly files: ConfigFiles,
  ) {}

  async render(caller: Caller, format: 'json' | 'csv' | 'md'): Promise<{ body: string; contentType: string; filename: string | null }> {
    await this.access.assertCan(caller, 'read', 'AuditLog', 'record-of-processing.read');
    const madeFrom = this.files.loaded().filter((source) => MADE_FROM.includes(source.file)).map(({ file, sha256 }) => ({ file, sha256 }));
    const record = recordOfProcessing(this.policies.policy, [...this.audiences.all(), this.audiences.dataSubject], this.records.settings, madeFrom);
    await this.audit.record(this.dataSource.manager, caller, { action: 'record-of-processing.read', details: { format } });
    if (format === 'csv') return { body: recordOfProcessingCsv(record), contentType: 'text/csv; charset=utf-8', filename: 'record-of-processing.csv' };
    if (format === 'md') return { body: recordOfProcessingMarkdown(record), contentType: 'text/markdown; charset=utf-8', filename: 'record-of-processing.md' };
    return { body: JSON.stringify(record), contentType: 'application/json; charset=utf-8', filename: null };
  }
}
