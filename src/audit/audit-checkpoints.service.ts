import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CheckpointSigner, SignedCheckpoint } from './checkpoint-signer';

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
   * schedule, is younger than `minimumAgeSeconds`: several instances share one schedule).
   */
  async checkpoint(options: { minimumAgeSeconds?: number } = {}): Promise<SignedCheckpoint | null> {
    const created = await this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(hashtextextended('chronicle:audit-checkpoint', 0)) AS locked`);
      if (!locked) return null;
      const [head] = await manager.query<{ seq: string; hash: string }[]>(`SELECT seq, encode(hash, 'hex') AS hash FROM audit.chain ORDER BY seq DESC LIMIT 1`);
      if (!head) return null;
      const [latest] = await manager.query<{ seq: string; age: number }[]>(
        `SELECT seq, extract(epoch FROM now() - created_at)::float8 AS age FROM audit.checkpoints ORDER BY seq DESC, id DESC LIMIT 1`,
      );
      if (latest && (latest.seq === head.seq || latest.age < (options.minimumAgeSeconds ?? 0))) return null;
      const checkpoint = this.signer.sign({ seq: Number(head.seq), hash: head.hash, createdAt: new Date().toISOString() });
      await manager.query(`INSERT INTO audit.checkpoints (seq, hash, created_at, key_id, signature) VALUES ($1, decode($2, 'hex'), $3, $4, decode($5, 'base64'))`, [
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.createdAt,
        checkpoint.keyId,
        checkpoint.signature,
      ]);
      return checkpoint;
    });
    if (created) this.publish(created);
    return created;
  }

  async list(limit: number): Promise<SignedCheckpoint[]> {
    const rows = await this.dataSource.query<(SignedCheckpoint & { seq: string })[]>(
      `SELECT seq, encode(hash, 'hex') AS hash, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
              key_id AS "keyId", translate(encode(signature, 'base64'), E'\\n', '') AS signature
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
