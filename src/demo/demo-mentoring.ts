import type { EntityManager } from 'typeorm';
import type { Practitioner } from '../practitioners/practitioner.entity';

const HOUR = 3600 * 1000;

/**
 * Connor's mentoring space and the trail of his mentor's concern, for the demo: the match the
 * chronology records as started on 12 May 2025, a few meetings (one missed), the mentor's own notes
 * (which only Brighter Paths Mentoring can read), and the notifications the team got of the
 * mentor's significant concern, read by the social worker and the guidance teacher and not yet by
 * the others.
 */
export async function seedConnorMentoring(manager: EntityManager, childId: string, practitioners: Map<string, Practitioner>): Promise<void> {
  const mentor = practitioners.get('mentor.ali')!;
  const [match] = await manager.query<{ id: string }[]>(
    `INSERT INTO mentoring_matches (child_id, agency_id, mentor_id, starts_on, created_at) VALUES ($1, $2, $3, '2025-05-12', '2025-05-13T09:30:00Z') RETURNING id`,
    [childId, mentor.agencyId, mentor.id],
  );
  const meetings: [string, boolean, number | null][] = [
    ['2025-05-19', true, 60],
    ['2025-05-26', true, 75],
    ['2025-06-02', false, null],
    ['2025-06-09', true, 60],
    ['2025-10-20', true, 90],
  ];
  for (const [heldOn, held, minutes] of meetings) {
    await manager.query(`INSERT INTO mentoring_meetings (match_id, held_on, held, minutes, recorded_by_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      match.id,
      heldOn,
      held,
      minutes,
      mentor.id,
      new Date(Date.parse(`${heldOn}T18:00:00Z`)),
    ]);
  }
  const notes: [string, string][] = [
    ['2025-05-19T18:30:00Z', 'First session at the boxing gym. Connor was quiet at first, livened up on the pads. Talked about his gran and wanting to be a joiner.'],
    ['2025-06-09T18:30:00Z', "Missed last week: he said he 'forgot'. Seemed tired today. Said home is 'fine'. Did not push."],
    ['2025-10-20T19:00:00Z', "Talked in the cafe after training. He mentioned owing money and 'doing favours' for older lads; asked me not to tell his mum. Explained I would have to pass it on if he was at risk."],
  ];
  for (const [writtenAt, text] of notes) {
    await manager.query(`INSERT INTO mentoring_notes (match_id, text, written_by_id, written_at) VALUES ($1, $2, $3, $4)`, [match.id, text, mentor.id, new Date(writtenAt)]);
  }

  const [concern] = await manager.query<{ id: string; recordedAt: Date }[]>(
    `SELECT e.id, e.recorded_at AS "recordedAt" FROM chronology_entries e JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
      WHERE e.child_id = $1 AND v.event_type = 'mentor-concern' AND v.significant`,
    [childId],
  );
  if (!concern) return;
  const told = concern.recordedAt.getTime();
  const readAfterHours: Record<string, number | null> = { 'sw.patel': 1, 'teacher.morrison': 20, 'ht.campbell': null, 'gp.okafor': null, 'pc.reid': null, 'tm.fraser': 3 };
  for (const [username, hours] of Object.entries(readAfterHours)) {
    await manager.query(
      `INSERT INTO notifications (recipient_id, child_id, entry_id, entry_version, reason, created_at, read_at) VALUES ($1, $2, $3, 1, 'significant', $4, $5)`,
      [practitioners.get(username)!.id, childId, concern.id, new Date(told), hours === null ? null : new Date(told + hours * HOUR)],
    );
  }
}
