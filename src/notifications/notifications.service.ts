import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { ChildAccess } from '../access/child-access';
import { AuditService } from '../audit/audit.service';
import { ChronologyService } from '../chronology/chronology.service';
import { EntryEvents, EntryWritten } from '../chronology/entry-events';
import type { EntryView, WithheldEntryView } from '../chronology/entry.view';
import type { Caller } from '../common/caller.decorator';
import { Clock } from '../common/clock';
import { todayIso } from '../common/dates';
import { DomainError, notFound } from '../common/domain-error';
import { JobQueue } from '../jobs/job-queue';
import { SEND_EMAIL_TASK } from './notification-email.service';
import { InboxView, NotificationReason, NotificationView, SeenByView } from './notification.view';
import { candidateRecipients, Recipient } from './recipients';

interface NotificationRow {
  id: string;
  childId: string;
  childName: string;
  entryId: string;
  entryVersion: number;
  reason: NotificationReason;
  createdAt: Date;
  readAt: Date | null;
}

/** The inbox shows the latest notifications; older ones stay in the database. */
const INBOX_SIZE = 50;
/** The unread count looks no further back: beyond this many, "50+" would say as much. */
const UNREAD_LIMIT = 200;

const NOTIFICATION_COLUMNS = `n.id, n.child_id AS "childId", n.entry_id AS "entryId", n.entry_version AS "entryVersion", n.reason,
  n.created_at AS "createdAt", n.read_at AS "readAt",
  coalesce(c.known_as, c.given_name) || ' ' || c.family_name AS "childName"`;

/**
 * Telling the team around a child of what matters. When an entry is recorded or amended as
 * significant, everyone on the child's team (and whoever follows the child) whom the access policy
 * lets know of the entry gets a notification, on the entry's own transaction; a follower also hears
 * of every new entry. A notification holds ids only: what it shows is decided afresh each time it
 * is read, as reading the entry would decide it.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly chronology: ChronologyService,
    private readonly entryEvents: EntryEvents,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.entryEvents.onWritten((manager, event) => this.entryWritten(manager, event));
  }

  /**
   * Whom to tell, and why, in what they may read of the entry now: its significance only to those
   * who may read whether it is significant, and a new entry to a follower who may read some of it.
   * Someone who may at most know the entry exists is told nothing: the telling would give away
   * when it was recorded or amended (which a withheld marker does not show), and that it matters.
   */
  private async entryWritten(manager: EntityManager, event: EntryWritten): Promise<void> {
    const significant = event.significant && event.change !== 'entered-in-error';
    const created = event.change === 'created';
    if (!significant && !created) return;
    const candidates = await candidateRecipients(manager, event.childId, event.caller.user.practitionerId, todayIso(), significant);
    if (candidates.length === 0) return;
    const readable = await this.access.fieldsEachMayRead(manager, candidates.map((candidate) => candidate.principal), event.entryId);
    const reasonFor = (candidate: Recipient): NotificationReason | null => {
      const fields = readable.get(candidate.principal.practitionerId);
      if (!fields || fields.size === 0) return null;
      if (significant && fields.has('significant')) return 'significant';
      return created && candidate.follows ? 'followed' : null;
    };
    for (const reason of ['significant', 'followed'] as const) {
      const recipients = candidates.filter((candidate) => reasonFor(candidate) === reason);
      if (recipients.length > 0) await this.tell(manager, event, reason, recipients);
    }
  }

  /** The notifications of one entry's version for one reason, on the entry's transaction, audited with their recipients. */
  private async tell(manager: EntityManager, event: EntryWritten, reason: NotificationReason, recipients: Recipient[]): Promise<void> {
    const created = await manager.query<{ id: string; recipientId: string }[]>(
      `INSERT INTO notifications (recipient_id, child_id, entry_id, entry_version, reason, created_at)
       SELECT unnest($1::uuid[]), $2, $3, $4, $5, $6
       ON CONFLICT ON CONSTRAINT uq_notifications_recipient_entry_version DO NOTHING
       RETURNING id, recipient_id AS "recipientId"`,
      [recipients.map((recipient) => recipient.principal.practitionerId), event.childId, event.entryId, event.version, reason, this.clock.now()],
    );
    await this.audit.record(manager, event.caller, {
      action: 'notification.create',
      childId: event.childId,
      entryIds: [event.entryId],
      details: { reason, version: event.version, recipients: created.map((row) => row.recipientId) },
    });
    const emailed = new Set(recipients.filter((recipient) => recipient.wantsEmail && recipient.email).map((recipient) => recipient.principal.practitionerId));
    for (const row of created) {
      if (emailed.has(row.recipientId)) await this.jobs.enqueue(manager, SEND_EMAIL_TASK, { notificationId: row.id }, { maxAttempts: 10, jobKey: `notification-email:${row.id}` });
    }
  }

  async inbox(caller: Caller, options: { unreadOnly?: boolean } = {}): Promise<InboxView> {
    const rows = await this.dataSource.query<NotificationRow[]>(
      `SELECT ${NOTIFICATION_COLUMNS}
         FROM notifications n JOIN children c ON c.id = n.child_id
        WHERE n.recipient_id = $1 AND ($2::boolean IS FALSE OR n.read_at IS NULL)
        ORDER BY n.created_at DESC, n.id
        LIMIT ${UNREAD_LIMIT}`,
      [caller.user.practitionerId, options.unreadOnly === true],
    );
    const shown = await this.decide(caller, rows);
    const items = shown.slice(0, INBOX_SIZE);
    await this.dataSource.transaction(async (manager) => {
      const byChild = new Map<string, typeof items>();
      for (const item of items) byChild.set(item.row.childId, [...(byChild.get(item.row.childId) ?? []), item]);
      for (const [childId, children] of byChild) {
        await this.audit.record(manager, caller, {
          action: 'notification.list',
          childId,
          entryIds: [...new Set(children.filter((item) => item.fields.length > 0).map((item) => item.row.entryId))],
          fields: [...new Set(children.flatMap((item) => item.fields))].sort(),
          basis: children[0].access,
          details: { notifications: children.map((item) => item.row.id) },
        });
      }
    });
    return { unread: shown.filter((item) => item.row.readAt === null).length, items: items.map((item) => item.view) };
  }

  async unreadCount(caller: Caller): Promise<number> {
    const { unread } = await this.countOnly(caller);
    await this.audit.record(this.dataSource.manager, caller, { action: 'notification.count', details: { unread } });
    return unread;
  }

  async markRead(caller: Caller, notificationId: string): Promise<NotificationView> {
    const [row] = await this.dataSource.query<NotificationRow[]>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications n JOIN children c ON c.id = n.child_id WHERE n.id = $1 AND n.recipient_id = $2`,
      [notificationId, caller.user.practitionerId],
    );
    const [item] = row ? await this.decide(caller, [row]) : [];
    if (!item) {
      await this.audit.recordDenial(caller, { action: 'notification.mark-read', childId: null, details: { notificationId, reason: 'not-visible' } });
      throw notFound('Notification');
    }
    return this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, affected].
      const [[{ readAt }]] = await manager.query<[{ readAt: Date }[], number]>(
        `UPDATE notifications SET read_at = coalesce(read_at, $2) WHERE id = $1 RETURNING read_at AS "readAt"`,
        [notificationId, this.clock.now()],
      );
      await this.audit.record(manager, caller, { action: 'notification.mark-read', childId: row.childId, entryIds: [row.entryId], basis: item.access, details: { notificationId } });
      return { ...item.view, readAt: readAt.toISOString() };
    });
  }

  /** For the entry's author: who was told of it and who has read it. */
  async seenBy(caller: Caller, entryId: string): Promise<SeenByView[]> {
    const { access } = await this.access.entryAccess(caller, entryId, 'notification.seen-by', { child: 'record' });
    const [{ authorId }] = await this.dataSource.query<{ authorId: string }[]>(`SELECT author_id AS "authorId" FROM chronology_entries WHERE id = $1`, [entryId]);
    if (authorId !== caller.user.practitionerId) {
      await this.access.recordDenial(caller, access, 'notification.seen-by', [entryId], 'not-author');
      throw new DomainError('FORBIDDEN', "Only the entry's author sees who has read its notifications");
    }
    const rows = await this.dataSource.query<{ id: string; name: string; jobTitle: string | null; agency: string; capacities: SeenByView['capacities']; notifiedAt: Date; readAt: Date | null }[]>(
      `SELECT DISTINCT ON (p.id) p.id, p.name, p.job_title AS "jobTitle", a.name AS agency,
              coalesce((SELECT array_agg(i.capacity ORDER BY i.capacity) FROM involvements i
                         WHERE i.child_id = n.child_id AND i.practitioner_id = p.id AND i.starts_on <= $2::date AND (i.ends_on IS NULL OR i.ends_on >= $2::date)), '{}') AS capacities,
              n.created_at AS "notifiedAt", n.read_at AS "readAt"
         FROM notifications n JOIN practitioners p ON p.id = n.recipient_id JOIN agencies a ON a.id = p.agency_id
        WHERE n.entry_id = $1
        ORDER BY p.id, n.entry_version DESC`,
      [entryId, todayIso()],
    );
    await this.audit.record(this.dataSource.manager, caller, { action: 'notification.seen-by', childId: access.childId, entryIds: [entryId], basis: access, details: { recipients: rows.length } });
    return rows
      .sort((a, b) => Number(a.readAt === null) - Number(b.readAt === null) || a.name.localeCompare(b.name))
      .map((row) => ({
        practitioner: { id: row.id, name: row.name, jobTitle: row.jobTitle, agency: row.agency },
        capacities: row.capacities,
        notifiedAt: row.notifiedAt.toISOString(),
        readAt: row.readAt?.toISOString() ?? null,
      }));
  }

  private async countOnly(caller: Caller): Promise<{ unread: number }> {
    const rows = await this.dataSource.query<NotificationRow[]>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications n JOIN children c ON c.id = n.child_id
        WHERE n.recipient_id = $1 AND n.read_at IS NULL ORDER BY n.created_at DESC LIMIT ${UNREAD_LIMIT}`,
      [caller.user.practitionerId],
    );
    return { unread: (await this.decide(caller, rows)).length };
  }

  /**
   * The notifications the caller may still see, decided now: each child's access once, each entry
   * as reading it would show it. One the policy no longer lets them know of (they left the team, the
   * entry became confidential) is left out, from the list and the counts alike.
   */
  private async decide(caller: Caller, rows: NotificationRow[]): Promise<{ row: NotificationRow; access: ChildAccess; view: NotificationView; fields: string[] }[]> {
    const accessByChild = new Map<string, Promise<ChildAccess | null>>();
    const decided = await Promise.all(
      rows.map(async (row) => {
        if (!accessByChild.has(row.childId)) accessByChild.set(row.childId, this.access.caseContentIfAllowed(caller, row.childId));
        const access = await accessByChild.get(row.childId)!;
        const notice = access && (await this.chronology.notice(access, row.entryId));
        return access && notice ? { row, access, view: toNotificationView(row, notice.view), fields: notice.fields } : null;
      }),
    );
    return decided.filter((item) => item !== null);
  }
}

function toNotificationView(row: NotificationRow, entry: EntryView | WithheldEntryView): NotificationView {
  const shown: NotificationView['entry'] =
    entry.kind === 'entry'
      ? {
          id: entry.id,
          kind: 'entry',
          version: row.entryVersion,
          source: { agency: entry.source.agency },
          ...(entry.eventDateDisplay !== undefined ? { eventDateDisplay: entry.eventDateDisplay } : {}),
          ...(entry.eventType ? { eventType: { code: entry.eventType.code, label: entry.eventType.label } } : {}),
          ...(entry.summary !== undefined ? { summary: entry.summary } : {}),
        }
      : { id: entry.id, kind: 'withheld', version: row.entryVersion, source: { agency: entry.source.agency }, ...(entry.eventDateDisplay ? { eventDateDisplay: entry.eventDateDisplay } : {}), notice: entry.notice };
  // "Significant" is said only to those who may read whether it is.
  const significant = row.reason === 'significant' && entry.kind === 'entry' && entry.significant === true;
  const what = significant ? 'A significant event was' : 'An entry was';
  const done = row.entryVersion === 1 ? 'recorded' : 'amended';
  return {
    id: row.id,
    reason: row.reason === 'significant' && !significant ? 'team' : row.reason,
    message: `${what} ${done} for ${row.childName} by ${entry.source.agency.name}`,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
    child: { id: row.childId, name: row.childName },
    entry: shown,
  };
}
