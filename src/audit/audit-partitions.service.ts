import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The most audit.ensure_partitions makes for the server. */
const MONTHS_AHEAD = 3;
const DAY_MS = 86_400_000;
/** audit.ensure_partitions gave up waiting for its lock (its lock_timeout). */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Keeps monthly audit partitions ready ahead of time (through a function owned by the audit owner,
 * as the server's own role may not create tables), so events never land in the default partition.
 */
@Injectable()
export class AuditPartitionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditPartitions');
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.ensure();
    } catch (error) {
      // A long query held the lock; months are made well ahead, so the daily round can do it instead of the start failing.
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      this.logger.warn(`Audit partitions were not prepared at start-up (audit.events was locked); trying again within a day`);
    }
    this.timer = setInterval(() => this.ensure().catch((error: unknown) => this.logger.error(`Could not prepare audit partitions: ${String(error)}`)), DAY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async ensure(): Promise<void> {
    const [{ created }] = await this.dataSource.query<{ created: number }[]>(`SELECT audit.ensure_partitions($1) AS created`, [MONTHS_AHEAD]);
    if (created > 0) this.logger.log(`Created ${created} monthly audit partition(s)`);
  }
}
