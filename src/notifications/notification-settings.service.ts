import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { Clock } from '../common/clock';
import { NotificationPreferencesView } from './notification.view';

/** What each user chooses to hear of: a child followed for every new entry, and whether by email too. */
@Injectable()
export class NotificationSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Following needs what reading the chronology needs: one cannot hear of entries one could not open. */
  async follow(caller: Caller, childId: string, follow: boolean): Promise<{ childId: string; following: boolean }> {
    const access = await this.access.caseContentAccess(caller, childId, 'notification.follow');
    return this.dataSource.transaction(async (manager) => {
      if (follow) {
        await manager.query(`INSERT INTO child_follows (practitioner_id, child_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [caller.user.practitionerId, childId, this.clock.now()]);
      } else {
        await manager.query(`DELETE FROM child_follows WHERE practitioner_id = $1 AND child_id = $2`, [caller.user.practitionerId, childId]);
      }
      await this.audit.record(manager, caller, { action: 'notification.follow', childId, basis: access, details: { follow } });
      return { childId, following: follow };
    });
  }

  async following(caller: Caller, childId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM child_follows WHERE practitioner_id = $1 AND child_id = $2`, [caller.user.practitionerId, childId]);
    return rows.length > 0;
  }

  async preferences(caller: Caller): Promise<NotificationPreferencesView> {
    const [row] = await this.dataSource.query<{ email: boolean | null; address: string | null }[]>(
      `SELECT np.email, p.email AS address FROM practitioners p LEFT JOIN notification_preferences np ON np.practitioner_id = p.id WHERE p.id = $1`,
      [caller.user.practitionerId],
    );
    return { email: row?.email === true, address: row?.address ?? null };
  }

  async setPreferences(caller: Caller, email: boolean): Promise<NotificationPreferencesView> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO notification_preferences (practitioner_id, email, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (practitioner_id) DO UPDATE SET email = EXCLUDED.email, updated_at = EXCLUDED.updated_at`,
        [caller.user.practitionerId, email, this.clock.now()],
      );
      await this.audit.record(manager, caller, { action: 'notification.preferences', details: { email } });
    });
    return this.preferences(caller);
  }
}
