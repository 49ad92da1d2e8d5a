import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { base64Sql, isoTimestampSql } from '../common/sql-format';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CheckpointSigner, SignedCheckpoint } from './checkpoint-signer';

/** Writes the audit event of an asked-for checkpoint, on the checkpoint's own transaction. */
type CheckpointAuditRecorder = (manager: EntityManager, outcome: { checkpoint: SignedCheckpoint; created: boolean }) => Promise<void>;

const CHECKPOINT_LOCK = `hashtextextended('chronicle:audit-checkpoint', 0)`;

/**
 * Publishes the chain head on a schedule: a signed checkpoint row in the database, the same line in
 * the log and, where configured, appended to a file an operator keeps elsewhere. Someone able to
 * rewrite the whole chain cannot make it agree with a checkpoint kept out of their reach.
 */
@Injectable()
export class AuditCheckpointsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  readonly signer: CheckpointSigner;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.signer = CheckpointSigner.fromFile(config.audit.signingKeyFile, config.environment !== 'production');
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.audit.checkpointIntervalSeconds;
    if (seconds === 0) return;
    this.timer = setInterval(() => {
      this.checkpoint({ minimumAgeSeconds: seconds * 0.9 }).catch((error: unknown) => this.logger.error(`Could not sign a checkpoint: ${String(error)}`));
    }, seconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Signs the current chain head, unless the latest checkpoint already covers it (or, on the
   * schedule, is younger than `minimumAgeSeconds`: several instances share one schedule, and the one
   * that finds another signing leaves it to that one).
   */
  async checkpoint(options: { minimumAgeSeconds?: number } = {}): Promise<SignedCheckpoint | null> {
    const created = await this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${CHECKPOINT_LOCK}) AS locked`);
      return locked ? this.signHead(manager, options.minimumAgeSeconds ?? 0) : null;
    });
    if (created) this.publish(created);
    return created;
  }

  /**
   * A checkpoint someone asked for: the head signed now, or the latest checkpoint when it already
   * covers the head. `record` writes who asked on the same transaction as the checkpoint row, so a
   * checkpoint is never made unrecorded, nor recorded unmade. Waits for one another instance is making.
   */
  async checkpointNow(record: CheckpointAuditRecorder): Promise<{ checkpoint: SignedCheckpoint; created: boolean }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK})`);
      const created = await this.signHead(manager, 0);
      const checkpoint = created ?? (await this.list(1, manager))[0];
      if (!checkpoint) throw new DomainError('CONFLICT', 'The audit trail is empty; there is nothing to checkpoint');
      await record(manager, { checkpoint, created: created !== null });
      return { checkpoint, created: created !== null };
    });
    if (outcome.created) this.publish(outcome.checkpoint);
    return outcome;
  }

  /** Under the checkpoint lock: the new checkpoint row, or null when the latest one covers the head or is younger than `minimumAgeSeconds`. */
  private async signHead(manager: EntityManager, minimumAgeSeconds: number): Promise<SignedCheckpoint | null> {
    const [head] = await manager.query<{ seq: string; hash: string }[]>(`SELECT seq, encode(hash, 'hex') AS hash FROM audit.chain ORDER BY seq DESC LIMIT 1`);
    if (!head) return null;
    const [latest] = await manager.query<{ seq: string; age: number }[]>(
      `SELECT seq, extract(epoch FROM now() - created_at)::float8 AS age FROM audit.checkpoints ORDER BY seq DESC, id DESC LIMIT 1`,
    );
    if (latest && (latest.seq === head.seq || latest.age < minimumAgeSeconds)) return null;
    const checkpoint = this.signer.sign({ seq: Number(head.seq), hash: head.hash, createdAt: new Date().toISOString() });
    await manager.query(`INSERT INTO audit.checkpoints (seq, hash, created_at, key_id, signature) VALUES ($1, decode($2, 'hex'), $3, $4, decode($5, 'base64'))`, [
      checkpoint.seq,
      checkpoint.hash,
      checkpoint.createdAt,
      checkpoint.keyId,
      checkpoint.signature,
    ]);
    return checkpoint;
  }

  /** Newest first; on `manager`'s transaction where given. */
  async list(limit: number, manager: EntityManager = this.dataSource.manager): Promise<SignedCheckpoint[]> {
    const rows = await manager.query<(SignedCheckpoint & { seq: string })[]>(
      `SELECT seq, encode(hash, 'hex') AS hash, ${isoTimestampSql('created_at')} AS "createdAt",
              key_id AS "keyId", ${base64Sql('signature')} AS signature
         FROM audit.checkpoints ORDER BY seq DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  }

  private publish(checkpoint: SignedCheckpoint): void {
    const line = JSON.stringify({ type: 'chronicle-audit-checkpoint', ...checkpoint });
    this.logger.log(`AUDIT CHECKPOINT ${line}`);
    if (this.config.audit.checkpointFile) fs.appendFileSync(this.config.audit.checkpointFile, `${line}\n`, { mode: 0o600 });
  }
}
