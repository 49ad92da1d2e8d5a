import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditCheckpointsService } from '../audit/audit-checkpoints.service';
import { AuditVerificationService } from '../audit/audit-verification.service';
import { AuditService } from '../audit/audit.service';
import { ChainVerification, verificationSummary } from '../audit/chain-verification';
import { SignedCheckpoint } from '../audit/checkpoint-signer';
import type { Caller } from '../common/caller.decorator';
import { VerifyAuditQuery } from './dto/verify-audit.query';

export class CheckpointsView {
  keyId!: string;
  /** The Ed25519 public key (SPKI PEM) that verifies every checkpoint's signature. */
  publicKey!: string;
  checkpoints!: SignedCheckpoint[];
}

/** The data protection officer's proof that the trail was not altered; each use is audited like any other query. */
@Injectable()
export class AuditIntegrityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly verification: AuditVerificationService,
    private readonly checkpointing: AuditCheckpointsService,
  ) {}

  async verify(caller: Caller, query: VerifyAuditQuery): Promise<ChainVerification> {
    await this.access.assertCan(caller, 'read', 'AuditLog', 'audit.verify');
    const kept = query.checkpointSeq !== undefined && query.checkpointHash !== undefined ? { seq: query.checkpointSeq, hash: query.checkpointHash } : undefined;
    const result = await this.verification.verify({ fromSeq: query.fromSeq, kept });
    await this.audit.record(this.dataSource.manager, caller, {
      action: 'audit.verify',
      details: { fromSeq: result.fromSeq, ...verificationSummary(result) },
    });
    return result;
  }

  async checkpoints(caller: Caller): Promise<CheckpointsView> {
    await this.access.assertCan(caller, 'read', 'AuditLog', 'audit.checkpoints');
    const checkpoints = await this.checkpointing.list(100);
    await this.audit.record(this.dataSource.manager, caller, { action: 'audit.checkpoints', details: { returned: checkpoints.length } });
    return { keyId: this.checkpointing.signer.keyId, publicKey: this.checkpointing.signer.publicKeyPem, checkpoints };
  }

  /** A checkpoint of the head as it is now; the latest one when nothing was recorded since. */
  async checkpoint(caller: Caller): Promise<SignedCheckpoint> {
    await this.access.assertCan(caller, 'read', 'AuditLog', 'audit.checkpoint');
    const { checkpoint } = await this.checkpointing.checkpointNow((manager, outcome) =>
      this.audit.record(manager, caller, { action: 'audit.checkpoint', details: { seq: outcome.checkpoint.seq, created: outcome.created } }),
    );
    return checkpoint;
  }
}
