import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const MONTHS_AHEAD = 3;
const DAY_MS = 86_400_000;

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
    await this.ensure();
    this.timer = setInterval(() => this.ensure().catch((error: unknown) => this.logger.error(`Could not prepare audit partitions: ${String(error)}`)), DAY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async ensure(): Promise<void> {
    const [{ created }] = await this.dataSource.query<{ created: number }[]>(`SELECT audit.ensure_partitions(current_date, $1) AS created`, [MONTHS_AHEAD]);
    if (created > 0) this.logger.log(`Created ${created} monthly audit partition(s)`);
  }
}
