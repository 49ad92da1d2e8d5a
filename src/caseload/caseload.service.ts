import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { mayReadEntries, maySeeChild } from '../access/child-access';
import { involvementCurrentSql } from '../access/relationship-sql';
import { AuditService } from '../audit/audit.service';
import { ChronologyService } from '../chronology/chronology.service';
import type { Caller } from '../common/caller.decorator';
import { ageInYears, todayIso } from '../common/dates';
import type { Capacity } from '../team/involvement.entity';
import { CaseloadChildView } from './caseload.view';

interface CaseloadRow {
  id: string;
  givenName: string;
  familyName: string;
  knownAs: string | null;
  dateOfBirth: string;
  capacities: Capacity[];
  onTeamSince: string;
  lastReadAt: Date | null;
}

/**
 * "My children": the children on whose team the caller is today, with what is new in each
 * chronology since the caller last read it. Each child's figures come from the chronology's own
 * access decision, and each child shown is one audit event.
 */
@Injectable()
export class CaseloadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly chronology: ChronologyService,
    private readonly audit: AuditService,
  ) {}

  async myChildren(caller: Caller): Promise<CaseloadChildView[]> {
    const today = todayIso();
    // "Last read" is the caller's latest successful chronology read, as the audit trail recorded it: no second record to keep in step.
    const rows = await this.dataSource.query<CaseloadRow[]>(
      `WITH mine AS (
         SELECT i.child_id, array_agg(i.capacity ORDER BY i.starts_on, i.capacity) AS capacities, min(i.starts_on) AS since
           FROM involvements i
          WHERE i.practitioner_id = $1 AND ${involvementCurrentSql('i', '$2::date')}
          GROUP BY i.child_id)
       SELECT c.id, c.given_name AS "givenName", c.family_name AS "familyName", c.known_as AS "knownAs", c.date_of_birth AS "dateOfBirth",
              mine.capacities, mine.since AS "onTeamSince", last_read.occurred_at AS "lastReadAt"
         FROM mine
         JOIN children c ON c.id = mine.child_id
         LEFT JOIN LATERAL (SELECT ae.occurred_at FROM audit.events ae
                             WHERE ae.child_id = c.id AND ae.actor_subject = $3 AND ae.action = 'chronology.read' AND ae.outcome = 'success'
                             ORDER BY ae.occurred_at DESC LIMIT 1) last_read ON true
        ORDER BY c.family_name, c.given_name, c.id`,
      [caller.user.practitionerId, today, caller.user.subject],
    );
    const shown = (await Promise.all(rows.map((row) => this.withChronology(caller, row, today)))).filter((item) => item !== null);
    await this.dataSource.transaction(async (manager) => {
      for (const { view, basis } of shown) {
        await this.audit.record(manager, caller, {
          action: 'caseload.read',
          childId: view.id,
          entryIds: view.chronology?.latestEntry ? [view.chronology.latestEntry.id] : [],
          fields: view.chronology?.latestEntry ? ['eventDate'] : [],
          basis,
          details: view.chronology ? { newFromOtherAgencies: view.chronology.newFromOtherAgencies, since: view.chronology.lastReadAt } : {},
        });
      }
    });
    return shown.map(({ view }) => view);
  }

  private async withChronology(caller: Caller, row: CaseloadRow, today: string) {
    const access = await this.access.resolve(caller, row.id);
    // Being on the team is the relationship; what it lets the caller's role see is still the policy's to say.
    if (!maySeeChild(access)) return null;
    const activity = mayReadEntries(access) ? await this.chronology.activity(access, caller.user.agency.id, row.lastReadAt) : null;
    const view: CaseloadChildView = {
      id: row.id,
      givenName: row.givenName,
      familyName: row.familyName,
      knownAs: row.knownAs,
      dateOfBirth: row.dateOfBirth,
      ageInYears: ageInYears(row.dateOfBirth, today),
      capacities: row.capacities,
      onTeamSince: row.onTeamSince,
      chronology: activity && {
        latestEntry: activity.latest && { id: activity.latest.entryId, eventDate: activity.latest.eventDate, eventDateDisplay: activity.latest.eventDateDisplay },
        newFromOtherAgencies: activity.newFromOtherAgencies,
        lastReadAt: row.lastReadAt?.toISOString() ?? null,
      },
    };
    return { view, basis: access };
  }
}
