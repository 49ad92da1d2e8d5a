import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { involvementCurrentSql } from '../access/relationship-sql';

/** A possible recipient, as the access policy judges them (their role and agency), and where to email them. */
export interface Recipient {
  principal: Principal;
  email: string | null;
  wantsEmail: boolean;
  /** Follows the child: hears of every new entry, not only significant ones. */
  follows: boolean;
}

interface RecipientRow {
  practitionerId: string;
  subject: string;
  name: string;
  role: Principal['role'];
  jobTitle: string | null;
  email: string | null;
  wantsEmail: boolean | null;
  follows: boolean;
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  agencyType: Principal['agency']['type'];
}

/**
 * Who might hear of an entry: the child's team today (for a significant entry) and those following
 * the child, less its author. Whether each may know of the entry is the access policy's to decide.
 */
export async function candidateRecipients(manager: EntityManager, childId: string, authorId: string, today: string, includeTeam: boolean): Promise<Recipient[]> {
  const rows = await manager.query<RecipientRow[]>(
    `WITH candidates AS (
       SELECT id, bool_or(follows) AS follows
         FROM (SELECT i.practitioner_id AS id, false AS follows FROM involvements i WHERE $4 AND i.child_id = $1 AND ${involvementCurrentSql('i', '$3::date')}
               UNION ALL
               SELECT f.practitioner_id, true FROM child_follows f WHERE f.child_id = $1) AS either
        GROUP BY id)
     SELECT p.id AS "practitionerId", p.subject, p.name, p.role, p.job_title AS "jobTitle", p.email, np.email AS "wantsEmail", c.follows,
            a.id AS "agencyId", a.code AS "agencyCode", a.name AS "agencyName", a.type AS "agencyType"
       FROM candidates c
       JOIN practitioners p ON p.id = c.id
       JOIN agencies a ON a.id = p.agency_id
       LEFT JOIN notification_preferences np ON np.practitioner_id = p.id
      WHERE p.id <> $2
      ORDER BY p.id`,
    [childId, authorId, today, includeTeam],
  );
  return rows.map((row) => ({
    principal: {
      subject: row.subject,
      practitionerId: row.practitionerId,
      name: row.name,
      role: row.role,
      jobTitle: row.jobTitle,
      agency: { id: row.agencyId, code: row.agencyCode, name: row.agencyName, type: row.agencyType },
      // Decided on their behalf: no request of theirs is involved.
      authenticatedBy: 'session',
    },
    email: row.email,
    wantsEmail: row.wantsEmail === true,
    follows: row.follows,
  }));
}
