/**
 * How a practitioner stands to a child, as SQL: the one definition that resolving a caller's access
 * and narrowing a search to the children they may see both use. Arguments are SQL expressions (a
 * column or a bind parameter), never values.
 */

/** The involvement (a row of `involvements` aliased `involvement`) puts its practitioner on the team on `today`: it has started and not ended. */
export function involvementCurrentSql(involvement: string, today: string): string {
  return `${involvement}.starts_on <= ${today} AND (${involvement}.ends_on IS NULL OR ${involvement}.ends_on >= ${today})`;
}

/** On the child's team on `today`: an involvement that has started and not ended. */
export function onTeamSql(child: string, practitioner: string, today: string): string {
  return `EXISTS (SELECT 1 FROM involvements i WHERE i.child_id = ${child} AND i.practitioner_id = ${practitioner}
                    AND ${involvementCurrentSql('i', today)})`;
}

/** The unexpired self-claimed or emergency access the caller's access rests on, if any: the one that lasts longest. */
export function currentClaimSql(child: string, practitioner: string): string {
  return `SELECT id, kind, expires_at FROM access_claims
                             WHERE child_id = ${child} AND practitioner_id = ${practitioner} AND expires_at > now()
                             ORDER BY expires_at DESC LIMIT 1`;
}

/** The relationship, as the policy names it: on the team first, then the current claim's kind, else none. */
export function relationshipSql(child: string, practitioner: string, today: string): string {
  return `CASE WHEN ${onTeamSql(child, practitioner, today)} THEN 'involved'
               ELSE COALESCE((SELECT claim.kind FROM (${currentClaimSql(child, practitioner)}) claim), 'none') END`;
}

/** The child's entries that their recording agency has shared with `agency`: what the policy's `sharedWithMyAgency` tests. */
export function sharedWithAgencySql(child: string, agency: string): string {
  return `ARRAY(SELECT DISTINCT sd.entry_id::text FROM sharing_decisions sd
                     WHERE sd.child_id = ${child} AND sd.recipient_agency_id = ${agency} AND sd.decision = 'shared')`;
}
