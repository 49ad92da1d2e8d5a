import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AgencyRecord } from '../access/ability.factory';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { ChronologyService } from '../chronology/chronology.service';
import { displayDate } from '../chronology/date-display';
import { EntryContentDto } from '../chronology/dto/entry-content.dto';
import type { EntryView } from '../chronology/entry.view';
import type { Caller } from '../common/caller.decorator';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { namedRecord } from '../common/named-record';
import { EndMatchDto, MentorConcernDto, MentorNoteDto, RecordMeetingDto, StartMatchDto } from './dto/mentoring.dto';
import { MentoringMatchView, MentoringMeetingView, MentoringNoteView } from './mentoring.view';

interface MatchRow {
  id: string;
  childId: string;
  agencyId: string;
  agencyName: string;
  mentorId: string;
  mentorName: string;
  startsOn: string;
  endsOn: string | null;
  endReason: string | null;
}

const MATCH_COLUMNS = `m.id, m.child_id AS "childId", m.agency_id AS "agencyId", a.name AS "agencyName", m.mentor_id AS "mentorId", p.name AS "mentorName",
  m.starts_on AS "startsOn", m.ends_on AS "endsOn", m.end_reason AS "endReason"`;
const MATCH_FROM = `mentoring_matches m JOIN agencies a ON a.id = m.agency_id JOIN practitioners p ON p.id = m.mentor_id`;

/**
 * A mentoring charity's own space: its matches, meetings and mentors' notes. What the rest of the
 * team learns of them is only what the charity adds to the shared chronology (a match started or
 * ended, attendance, a concern), through the chronology's own service and policy; the notes never
 * leave the charity (the policy's MentoringNote rules) and their text is never in an audit event.
 */
@Injectable()
export class MentoringService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly chronology: ChronologyService,
    private readonly clock: Clock,
  ) {}

  async read(caller: Caller, childId: string): Promise<MentoringMatchView[]> {
    const access = await this.access.agencyRecordAccess(caller, childId, 'Mentoring', 'read', 'mentoring.read');
    const rows = await this.dataSource.query<MatchRow[]>(`SELECT ${MATCH_COLUMNS} FROM ${MATCH_FROM} WHERE m.child_id = $1 ORDER BY m.starts_on, m.id`, [childId]);
    const readable = rows.filter((row) => this.access.mayUseAgencyRecord(access, record('Mentoring', row), 'read'));
    const views = await Promise.all(readable.map((row) => this.toView(row, this.access.mayUseAgencyRecord(access, record('MentoringNote', row), 'read'))));
    await this.audit.record(this.dataSource.manager, caller, {
      action: 'mentoring.read',
      childId,
      basis: access,
      details: { matches: views.map((view) => view.id), notes: views.reduce((count, view) => count + (view.notes?.length ?? 0), 0) },
    });
    return views;
  }

  async startMatch(caller: Caller, childId: string, dto: StartMatchDto): Promise<MentoringMatchView> {
    const access = await this.access.agencyRecordAccess(caller, childId, { kind: 'Mentoring', agencyId: caller.user.agency.id }, 'create', 'mentoring.match-start');
    // The chronology entry first: if the policy refuses it, no match is kept that the team was not told of.
    await this.chronology.recordEntry(caller, childId, chronologyEntry(dto.startsOn, 'mentoring-match', 'Mentoring match started.'));
    const id = await this.dataSource.transaction(async (manager) => {
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO mentoring_matches (child_id, agency_id, mentor_id, starts_on, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [childId, caller.user.agency.id, caller.user.practitionerId, dto.startsOn, this.clock.now()],
      );
      await this.audit.record(manager, caller, { action: 'mentoring.match-start', childId, basis: access, details: { matchId: id } });
      return id;
    });
    return this.matchView(id, true);
  }

  async endMatch(caller: Caller, matchId: string, dto: EndMatchDto, childId?: string): Promise<MentoringMatchView> {
    const { row, access } = await this.matchFor(caller, matchId, 'Mentoring', 'mentoring.match-end', childId);
    if (row.endsOn) throw new DomainError('CONFLICT', `This match already ended on ${row.endsOn}`);
    if (dto.endsOn < row.startsOn) throw new DomainError('VALIDATION_FAILED', `endsOn (${dto.endsOn}) must not be before the match started (${row.startsOn})`, [{ field: 'endsOn', problem: 'before the match started' }]);
    await this.chronology.recordEntry(caller, row.childId, chronologyEntry(dto.endsOn, 'mentoring-ending', 'Mentoring match ended.'));
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE mentoring_matches SET ends_on = $2, end_reason = $3 WHERE id = $1`, [matchId, dto.endsOn, dto.reason.trim()]);
      await this.audit.record(manager, caller, { action: 'mentoring.match-end', childId: row.childId, basis: access, details: { matchId } });
    });
    return this.matchView(matchId, true);
  }

  async recordMeeting(caller: Caller, matchId: string, dto: RecordMeetingDto, childId?: string): Promise<MentoringMeetingView> {
    const { row, access } = await this.matchFor(caller, matchId, 'Mentoring', 'mentoring.meeting', childId);
    // A meeting belongs to the match: not before it started (nor so before the child was born), not after it ended.
    const outside =
      dto.heldOn < row.startsOn ? `on or after the day the match started, ${displayDate(row.startsOn, 'day')}` : row.endsOn && dto.heldOn > row.endsOn ? `on or before the day the match ended, ${displayDate(row.endsOn, 'day')}` : null;
    if (outside) throw new DomainError('VALIDATION_FAILED', `heldOn (${dto.heldOn}) must be ${outside}`, [{ field: 'heldOn', problem: `heldOn must be ${outside}` }]);
    if (dto.shareAttendance) {
      const summary = dto.held ? `Mentoring meeting held (${dto.minutes} minutes).` : 'Mentoring meeting missed.';
      await this.chronology.recordEntry(caller, row.childId, chronologyEntry(dto.heldOn, 'mentoring-meeting', summary));
    }
    return this.dataSource.transaction(async (manager) => {
      const [meeting] = await manager.query<MentoringMeetingView[]>(
        `INSERT INTO mentoring_meetings (match_id, held_on, held, minutes, recorded_by_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, held_on AS "heldOn", held, minutes`,
        [matchId, dto.heldOn, dto.held, dto.minutes ?? null, caller.user.practitionerId, this.clock.now()],
      );
      await this.audit.record(manager, caller, { action: 'mentoring.meeting', childId: row.childId, basis: access, details: { matchId, meetingId: meeting.id, shared: dto.shareAttendance === true } });
      return meeting;
    });
  }

  async addNote(caller: Caller, matchId: string, dto: MentorNoteDto, childId?: string): Promise<MentoringNoteView> {
    const { row, access } = await this.matchFor(caller, matchId, 'MentoringNote', 'mentoring.note', childId);
    return this.dataSource.transaction(async (manager) => {
      const [note] = await manager.query<{ id: string; writtenAt: Date }[]>(
        `INSERT INTO mentoring_notes (match_id, text, written_by_id, written_at) VALUES ($1, $2, $3, $4) RETURNING id, written_at AS "writtenAt"`,
        [matchId, dto.text.trim(), caller.user.practitionerId, this.clock.now()],
      );
      await this.audit.record(manager, caller, { action: 'mentoring.note', childId: row.childId, basis: access, details: { matchId, noteId: note.id } });
      return { id: note.id, text: dto.text.trim(), writtenBy: caller.user.name, writtenAt: note.writtenAt.toISOString() };
    });
  }

  /**
   * A mentor's safeguarding concern: a significant entry from the charity in the shared chronology,
   * so the team (the lead professional among them) is notified at once, as for any significant entry.
   */
  async raiseConcern(caller: Caller, matchId: string, dto: MentorConcernDto, childId?: string): Promise<EntryView> {
    const { row } = await this.matchFor(caller, matchId, 'Mentoring', 'entry.create', childId);
    return this.chronology.recordEntry(caller, row.childId, {
      ...chronologyEntry(this.clock.now().toISOString().slice(0, 10), 'mentor-concern', dto.summary),
      significant: true,
      nature: 'negative',
      noActionReason: undefined,
      actionTaken: dto.actionTaken,
    } as EntryContentDto);
  }

  /**
   * The match, when the caller may use the charity's record of this kind; "not found", as for an id that names no match, when they
   * may not see its child or read the charity's matches. Where the request names the child too (`childId`, a page's address), that
   * child is decided on first, and a match of another child is one that does not exist, refused and recorded before it is used.
   */
  private async matchFor(
    caller: Caller,
    matchId: string,
    kind: AgencyRecord['kind'],
    auditAction: 'mentoring.match-end' | 'mentoring.meeting' | 'mentoring.note' | 'entry.create',
    childId?: string,
  ) {
    const missing = () => notFound('Mentoring match');
    const [found] = await this.dataSource.query<MatchRow[]>(`SELECT ${MATCH_COLUMNS} FROM ${MATCH_FROM} WHERE m.id = $1`, [matchId]);
    const { record: row, childId: named } = namedRecord(found, childId);
    if (named === undefined) throw missing();
    // No match of the named child: decided on the kind of record alone, so whoever may read the child's matches is refused as for any id.
    const access = await this.access.agencyRecordAccess(caller, named, row ? record(kind, row) : kind, row ? 'create' : 'read', auditAction, missing);
    if (!row) {
      await this.access.recordDenial(caller, access, auditAction, [], 'match-not-found', { matchId });
      throw missing();
    }
    return { row, access };
  }

  private async matchView(matchId: string, withNotes: boolean): Promise<MentoringMatchView> {
    const [row] = await this.dataSource.query<MatchRow[]>(`SELECT ${MATCH_COLUMNS} FROM ${MATCH_FROM} WHERE m.id = $1`, [matchId]);
    return this.toView(row, withNotes);
  }

  private async toView(row: MatchRow, withNotes: boolean): Promise<MentoringMatchView> {
    const meetings = await this.dataSource.query<MentoringMeetingView[]>(
      `SELECT id, held_on AS "heldOn", held, minutes FROM mentoring_meetings WHERE match_id = $1 ORDER BY held_on, id`,
      [row.id],
    );
    const notes = withNotes
      ? (
          await this.dataSource.query<{ id: string; text: string; writtenBy: string; writtenAt: Date }[]>(
            `SELECT n.id, n.text, p.name AS "writtenBy", n.written_at AS "writtenAt" FROM mentoring_notes n JOIN practitioners p ON p.id = n.written_by_id WHERE n.match_id = $1 ORDER BY n.written_at, n.id`,
            [row.id],
          )
        ).map((note) => ({ ...note, writtenAt: note.writtenAt.toISOString() }))
      : undefined;
    return {
      id: row.id,
      childId: row.childId,
      agency: { id: row.agencyId, name: row.agencyName },
      mentor: { id: row.mentorId, name: row.mentorName },
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      endReason: row.endReason,
      meetings,
      ...(notes ? { notes } : {}),
    };
  }
}

function record(kind: AgencyRecord['kind'], row: MatchRow): AgencyRecord {
  return { kind, agencyId: row.agencyId };
}

/** What the charity adds to the shared chronology: the fact, in the charity's standard words, nothing of its notes. */
function chronologyEntry(eventDate: string, eventType: string, summary: string): EntryContentDto {
  return { eventDate, eventType, summary, sensitivity: 'standard', significant: false, noActionReason: 'Recorded by the mentoring service for the team to know.' } as EntryContentDto;
}
