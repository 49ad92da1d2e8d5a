import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { ChainVerification, KeptCheckpoint, verifyAuditChain } from './chain-verification';

@Injectable()
export class AuditVerificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly checkpoints: AuditCheckpointsService,
  ) {}

  /** One consistent snapshot of the whole trail, read only. */
  verify(options: { fromSeq?: number; kept?: KeptCheckpoint } = {}): Promise<ChainVerification> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return verifyAuditChain(manager, this.checkpoints.signer, options);
    });
  }
}
