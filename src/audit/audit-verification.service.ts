import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { ChainVerification, KeptCheckpoint, verifyAuditChain } from './chain-verification';
import { CheckpointVerifier } from './checkpoint-signer';

interface VerifyOptions {
  fromSeq?: number;
  kept?: KeptCheckpoint;
}

/** One consistent snapshot of the whole trail, read only; checkpoint signatures are checked against `verifier`'s keys. */
export function verifyTrail(dataSource: DataSource, verifier: CheckpointVerifier, options: VerifyOptions = {}): Promise<ChainVerification> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    // Only PostgreSQL's own functions and operators, whatever the schemas on the login's search path hold.
    await manager.query('SET LOCAL search_path = pg_catalog, pg_temp');
    return verifyAuditChain(manager, verifier, options);
  });
}

@Injectable()
export class AuditVerificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly checkpoints: AuditCheckpointsService,
  ) {}

  /** Against the server's own signing key. */
  verify(options: VerifyOptions = {}): Promise<ChainVerification> {
    return verifyTrail(this.dataSource, this.checkpoints.signer.verifier, options);
  }
}
