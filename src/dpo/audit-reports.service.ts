import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessClaimsService } from '../access/access-claims.service';
import { AccessService } from '../access/access.service';
import { AccessAlertView } from '../access/access-claim.view';
import { ListAccessClaimsQuery } from '../access/dto/list-access-claims.query';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { isoTimestampSql } from '../common/sql-format';
import { SqlParameters } from '../common/sql-parameters';
import { AUDIT_EVENT_SELECT, AuditEventRow, AuditEventView, childNameSql, primaryIdentifierSql, toAuditEventView } from './audit-event.view';
import { auditFilter, periodEndSql, periodStartSql } from './audit-event-filter';
import { AuditReportSettingsService, WEEKDAYS } from './audit-report-settings';
import { AuditReportPeriodQuery, AuditReportQuery } from './dto/audit-report.query';

/** The reports, each audited as `audit.report.<name>`. */
type AuditReport = 'child-access' | 'off-team-access' | 'out-of-hours' | 'unusual-volume';

/** Someone (not the data protection officer auditing) tried to reach a child's record, whether or not they were let. */
const ATTEMPT_ON_A_CHILD = `e.child_id IS NOT NULL AND e.actor_subject IS NOT NULL AND e.purpose <> 'audit'`;
/** ... and it worked. */
const ACCESS_TO_A_CHILD = `${ATTEMPT_ON_A_CHILD} AND e.outcome = 'success'`;
const DEFAULT_LIMIT = 200;

export interface EventsReport {
  report: string;
  period: { from: string; to: string };
  /** The thresholds the report applied, from config/audit-reports.json. */
  criteria: Record<string, unknown>;
  events: AuditEventView[];
}

export interface UnusualVolumeReport {
  report: 'unusual-volume';
  period: { from: string; to: string };
  criteria: { distinctChildren: number; windowMinutes: number };
  users: {
    actor: { subject: string; name: string | null; agency: string | null; role: string | null };
    /** The most children whose records the user reached within one window. */
    peakDistinctChildren: number;
    firstExceededAt: string;
    distinctChildrenInPeriod: number;
  }[];
}

type Actor = { subject: string; name: string | null; agency: string | null; role: string | null };

export interface ChildAccessSummary {
  childId: string;
  /** The child's primary identifier (`scheme:value`), to know the child by. */
  childIdentifier: string | null;
  /** The child's name, identity only. */
  childName: string;
  period: { from: string; to: string };
  /** Everyone who reached the child's record in the period, most recent first. */
  people: {
    actor: Actor;
    accesses: number;
    firstAt: string;
    lastAt: string;
    actions: string[];
    relationships: string[];
    breakGlass: boolean;
  }[];
  /** Each UK day of the period with any attempt, per agency: accesses, refusals, and accesses under emergency (break-glass) access. */
  daily: { day: string; agency: string | null; accesses: number; refused: number; breakGlass: number }[];
  /** Everyone the access policy refused ("who tried to look"), most recent first, with what they tried and why they were refused. */
  refused: { actor: Actor; attempts: number; firstAt: string; lastAt: string; actions: string[]; reasons: string[] }[];
}

interface ChildAccessRow extends Actor {
  outcome: 'success' | 'denied';
  count: number;
  firstAt: string;
  lastAt: string;
  actions: string[];
  relationships: string[];
  breakGlass: boolean;
  reasons: string[];
}

/**
 * The data protection officer's reports over the audit trail. Thresholds come from
 * config/audit-reports.json; every report is itself audited.
 */
@Injectable()
export class AuditReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly claims: AccessClaimsService,
    private readonly settings: AuditReportSettingsService,
  ) {}

  /** "Who looked at this child's record, and who tried to?": each person with how often, when first and last, and how; and each refused. */
  async childAccess(caller: Caller, childId: string, query: AuditReportPeriodQuery): Promise<ChildAccessSummary> {
    return this.run(caller, 'child-access', childId, query, { childMustExist: true }, async (manager, parameters, period) => {
      const child = parameters.add(childId);
      const rows = await manager.query<ChildAccessRow[]>(
        `SELECT e.actor_subject AS subject, max(p.name) AS name, max(e.actor_agency) AS agency, max(e.actor_role) AS role, e.outcome, count(*)::int AS count,
                ${isoTimestampSql('min(e.occurred_at)', 'microseconds')} AS "firstAt", ${isoTimestampSql('max(e.occurred_at)', 'microseconds')} AS "lastAt",
                array_agg(DISTINCT e.action ORDER BY e.action) AS actions,
                array_agg(DISTINCT coalesce(e.relationship, 'none') ORDER BY coalesce(e.relationship, 'none')) AS relationships, bool_or(e.break_glass) AS "breakGlass",
                coalesce(array_agg(DISTINCT e.details->>'reason' ORDER BY e.details->>'reason') FILTER (WHERE e.details ? 'reason'), '{}') AS reasons
           FROM audit.events e
           LEFT JOIN practitioners p ON p.subject = e.actor_subject
          WHERE e.child_id = ${child}::uuid AND ${ATTEMPT_ON_A_CHILD} AND e.outcome IN ('success', 'denied') AND ${period}
          GROUP BY e.actor_subject, e.outcome
          ORDER BY max(e.occurred_at) DESC`,
        parameters.values,
      );
      const [{ childIdentifier, childName }] = await manager.query<{ childIdentifier: string | null; childName: string }[]>(
        `SELECT ${primaryIdentifierSql('$1::uuid')} AS "childIdentifier", ${childNameSql('$1::uuid')} AS "childName"`,
        [childId],
      );
      const daily = await manager.query<ChildAccessSummary['daily']>(
        `SELECT to_char((e.occurred_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS day, e.actor_agency AS agency,
                (count(*) FILTER (WHERE e.outcome = 'success'))::int AS accesses, (count(*) FILTER (WHERE e.outcome = 'denied'))::int AS refused,
                (count(*) FILTER (WHERE e.outcome = 'success' AND e.break_glass))::int AS "breakGlass"
           FROM audit.events e
          WHERE e.child_id = ${child}::uuid AND ${ATTEMPT_ON_A_CHILD} AND e.outcome IN ('success', 'denied') AND ${period}
          GROUP BY 1, 2
          ORDER BY 1, 2`,
        parameters.values,
      );
      const actorOf = ({ subject, name, agency, role }: ChildAccessRow): Actor => ({ subject, name, agency, role });
      return {
        childId,
        childIdentifier,
        childName,
        daily,
        people: rows
          .filter((row) => row.outcome === 'success')
          .map((row) => ({ actor: actorOf(row), accesses: row.count, firstAt: row.firstAt, lastAt: row.lastAt, actions: row.actions, relationships: row.relationships, breakGlass: row.breakGlass })),
        refused: rows
          .filter((row) => row.outcome === 'denied')
          .map((row) => ({ actor: actorOf(row), attempts: row.count, firstAt: row.firstAt, lastAt: row.lastAt, actions: row.actions, reasons: row.reasons })),
      };
    });
  }

  /** Access to a child's record by someone not on the child's team at the time: claimed or emergency access, and administrators. */
  async offTeamAccess(caller: Caller, query: AuditReportQuery): Promise<EventsReport> {
    return this.eventsReport(caller, 'off-team-access', query, {}, `e.relationship IS DISTINCT FROM 'involved'`);
  }

  /** Access to a child's record outside working hours, in the configured time zone. */
  async outOfHours(caller: Caller, query: AuditReportQuery): Promise<EventsReport> {
    const { outOfHours } = this.settings.settings;
    return this.eventsReport(caller, 'out-of-hours', query, outOfHours, (parameters) => {
      const local = `(e.occurred_at AT TIME ZONE ${parameters.add(outOfHours.timeZone)})`;
      const workingDays = outOfHours.workingDays.map((day) => WEEKDAYS.indexOf(day) + 1);
      return `NOT (extract(isodow FROM ${local})::int = ANY(${parameters.add(workingDays)}::int[])
                   AND ${local}::time >= ${parameters.add(outOfHours.start)}::time AND ${local}::time < ${parameters.add(outOfHours.end)}::time)`;
    });
  }

  /** Users who reached the records of many different children within a short window. */
  async unusualVolume(caller: Caller, query: AuditReportPeriodQuery): Promise<UnusualVolumeReport> {
    const criteria = this.settings.settings.unusualVolume;
    return this.run(caller, 'unusual-volume', null, query, {}, async (manager, parameters, period) => {
      const threshold = parameters.add(criteria.distinctChildren);
      const window = parameters.add(`${criteria.windowMinutes} minutes`);
      // For each access, the distinct children the same user reached in the window ending there; only users over the threshold in the whole period are looked at.
      const rows = await manager.query<{ subject: string; name: string | null; agency: string | null; role: string | null; peak: number; firstExceededAt: string; inPeriod: number }[]>(
        `WITH accesses AS (
           SELECT e.actor_subject, e.child_id, e.occurred_at FROM audit.events e WHERE ${ACCESS_TO_A_CHILD} AND ${period}
         ), candidates AS (
           SELECT actor_subject, count(DISTINCT child_id)::int AS in_period FROM accesses GROUP BY actor_subject HAVING count(DISTINCT child_id) >= ${threshold}
         ), windows AS (
           SELECT a.actor_subject, a.occurred_at,
                  (SELECT count(DISTINCT w.child_id) FROM audit.events w
                    WHERE w.actor_subject = a.actor_subject AND w.child_id IS NOT NULL AND w.outcome = 'success' AND w.purpose <> 'audit'
                      AND w.occurred_at > a.occurred_at - ${window}::interval AND w.occurred_at <= a.occurred_at)::int AS children
             FROM accesses a JOIN candidates USING (actor_subject)
         )
         SELECT w.actor_subject AS subject, max(p.name) AS name, max(e.actor_agency) AS agency, max(e.actor_role) AS role,
                max(w.children) AS peak, ${isoTimestampSql(`min(w.occurred_at) FILTER (WHERE w.children >= ${threshold})`, 'microseconds')} AS "firstExceededAt",
                max(c.in_period) AS "inPeriod"
           FROM windows w
           JOIN candidates c USING (actor_subject)
           LEFT JOIN practitioners p ON p.subject = w.actor_subject
           LEFT JOIN LATERAL (SELECT actor_agency, actor_role FROM audit.events x WHERE x.actor_subject = w.actor_subject ORDER BY x.occurred_at DESC LIMIT 1) e ON true
          GROUP BY w.actor_subject
         HAVING max(w.children) >= ${threshold}
          ORDER BY max(w.children) DESC`,
        parameters.values,
      );
      return {
        report: 'unusual-volume' as const,
        criteria,
        users: rows.map((row) => ({
          actor: { subject: row.subject, name: row.name, agency: row.agency, role: row.role },
          peakDistinctChildren: row.peak,
          firstExceededAt: row.firstExceededAt,
          distinctChildrenInPeriod: row.inPeriod,
        })),
      };
    });
  }

  /** Claimed and emergency access awaiting the data protection officer's review (or reviewed, or all). */
  breakGlass(caller: Caller, query: ListAccessClaimsQuery): Promise<AccessAlertView[]> {
    return this.claims.alerts(caller, { ...query, status: query.status ?? 'awaiting-review' });
  }

  private eventsReport(
    caller: Caller,
    report: AuditReport,
    query: AuditReportQuery,
    criteria: object,
    condition: string | ((parameters: SqlParameters) => string),
  ): Promise<EventsReport> {
    return this.run(caller, report, query.childId ?? null, query, {}, async (manager, parameters, period) => {
      const where = [ACCESS_TO_A_CHILD, period, typeof condition === 'string' ? condition : condition(parameters), ...auditFilter({ childId: query.childId }, query.childId ?? null, parameters)];
      const rows = await manager.query<AuditEventRow[]>(
        `${AUDIT_EVENT_SELECT} WHERE ${where.join(' AND ')} ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${parameters.add(query.limit ?? DEFAULT_LIMIT)}`,
        parameters.values,
      );
      return { report, criteria: { ...criteria }, events: rows.map(toAuditEventView) };
    });
  }

  /** The common frame of every report: the DPO's permission, the period (default from config), and the audit record of the report itself. */
  private async run<T extends object>(
    caller: Caller,
    report: AuditReport,
    childId: string | null,
    query: AuditReportPeriodQuery,
    options: { childMustExist?: boolean },
    build: (manager: EntityManager, parameters: SqlParameters, period: string) => Promise<T>,
  ): Promise<T & { period: { from: string; to: string } }> {
    const action = `audit.report.${report}` as const;
    await this.access.assertCan(caller, 'read', 'AuditLog', action);
    // A report about one child (not events narrowed to a child) must name one: else "not found", and the refusal is the only event.
    if (options.childMustExist && childId) await this.access.assertChildExists(caller, childId, action);
    return this.dataSource.transaction(async (manager) => {
      const parameters = new SqlParameters();
      const from = query.from ?? new Date(Date.now() - this.settings.settings.defaultPeriodDays * 86_400_000).toISOString();
      const to = query.to ?? new Date().toISOString();
      const period = `e.occurred_at >= ${periodStartSql(from, parameters)} AND e.occurred_at < ${periodEndSql(to, parameters)}`;
      const result = await build(manager, parameters, period);
      await this.audit.record(manager, caller, { action, childId, details: { from, to } });
      return { ...result, period: { from, to } };
    });
  }
}
