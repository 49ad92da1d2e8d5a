import { performance } from 'node:perf_hooks';
import { createChildWithTeam, USERS } from './fixtures';
import type { TestApp } from './test-app';

export const ENTRIES = 2000;
export const AUTHORS = [USERS.healthVisitor, USERS.teacher, USERS.police, USERS.socialWorker, USERS.mentor];

/** A child with `entries` entries (2,000 by default) from five agencies, of mixed sensitivity, one a day from 2019, seeded straight into the tables. */
export async function childWithLongChronology(testApp: TestApp, entries = ENTRIES): Promise<{ childId: string; seedMs: number }> {
  const childId = await createChildWithTeam(
    testApp,
    AUTHORS.map((username) => ({ username, capacity: username === USERS.police ? 'police-contact' : 'lead-professional' })),
  );
  const started = performance.now();
  await seedEntries(testApp, childId, entries);
  return { childId, seedMs: performance.now() - started };
}

/** Each of `entries` entries' author, agency, day and sensitivity: five agencies in turn, one a day from 2019, the sensitivity mix of sensitivityOf. */
async function entryMix(testApp: TestApp, entries: number): Promise<{ agencyIds: string[]; authorIds: string[]; days: string[]; sensitivities: string[] }> {
  const authors = await testApp.dataSource.query<{ id: string; agency_id: string }[]>(
    'SELECT id, agency_id FROM practitioners WHERE subject = ANY($1) ORDER BY subject',
    [AUTHORS],
  );
  const indexes = Array.from({ length: entries }, (_, index) => index);
  return {
    agencyIds: indexes.map((index) => authors[index % authors.length].agency_id),
    authorIds: indexes.map((index) => authors[index % authors.length].id),
    days: indexes.map((index) => new Date(Date.UTC(2019, 0, 1) + index * 86_400_000).toISOString().slice(0, 10)),
    sensitivities: indexes.map(sensitivityOf),
  };
}

/** Bulk insert: thousands of API calls would measure the write path, not the read. */
async function seedEntries(testApp: TestApp, childId: string, entries: number): Promise<void> {
  const mix = await entryMix(testApp, entries);
  const indexes = Array.from({ length: entries }, (_, index) => index);
  // With the order keys the first versions give them (every date to the day), as the server writes a new entry: the database would otherwise set them a row at a time.
  const entryIds = await testApp.dataSource.query<{ id: string }[]>(
    `INSERT INTO chronology_entries (child_id, source_agency_id, author_id, recorded_at, status, current_version, shown_date, sensitivity)
     SELECT $1, agency_id, author_id, now(), 'current', 1, shown_date, sensitivity
       FROM unnest($2::uuid[], $3::uuid[], $4::date[], $5::text[]) AS t(agency_id, author_id, shown_date, sensitivity)
     RETURNING id`,
    [childId, mix.agencyIds, mix.authorIds, mix.days, mix.sensitivities],
  );
  await testApp.dataSource.query(
    `INSERT INTO chronology_entry_versions (entry_id, version_number, change, changed_by_id, changed_at, event_date, date_precision,
        event_type, wellbeing_indicators, summary, detail, significant, nature, impact_on_child, action_taken, information_source, sensitivity, names_third_parties)
     SELECT entry_id, 1, 'created', author_id, now(), event_date::date, 'day', 'concern-raised', '{safe,healthy}', summary, detail,
            significant, 'negative', impact, 'Discussed with the lead professional; to be reviewed at the next core group.', 'first-hand', sensitivity, false
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[])
         AS t(entry_id, author_id, event_date, summary, detail, significant, impact, sensitivity)`,
    [
      entryIds.map((row) => row.id),
      mix.authorIds,
      mix.days,
      indexes.map((index) => `Event ${index}: school reported the child arrived late and hungry on three days this week.`),
      indexes.map((index) => `Detail ${index}: ${'Class teacher spoke with the child, who said there had been no food at home since the weekend. '.repeat(4)}`),
      indexes.map((index) => index % 7 === 0),
      indexes.map(() => 'Child tired and unable to concentrate in class; attendance affected.'),
      mix.sensitivities,
    ],
  );
}

/** About 9% restricted and 18% sensitive, spread across the agencies, so the policy has work to do. */
function sensitivityOf(index: number): string {
  const slot = index % 11;
  return slot === 5 ? 'restricted' : slot === 3 || slot === 7 ? 'sensitive' : 'standard';
}

/**
 * `children` children nobody reads, `entries` each (the same mix of agencies and sensitivity, one a
 * day from 2019), written straight into the tables: the population a measured child is one of, so
 * that the planner's statistics are those of a database of many children rather than of one.
 */
export async function seedOtherChildren(testApp: TestApp, children: number, entries: number): Promise<void> {
  await testApp.asOwner(async (client) => {
    await client.query(
      `CREATE TEMP TABLE other_children AS
         SELECT gen_random_uuid() AS id, n FROM generate_series(1, $1::int) AS n`,
      [children],
    );
    await client.query(
      `INSERT INTO children (id, given_name, family_name, date_of_birth, created_by_id)
       SELECT id, 'Other', 'Child ' || n, '2018-01-01', (SELECT id FROM practitioners WHERE subject = $1)
         FROM other_children`,
      [AUTHORS[0]],
    );
    const mix = await entryMix(testApp, entries);
    await client.query(
      `CREATE TEMP TABLE other_entries AS
         SELECT gen_random_uuid() AS id, c.id AS child_id, m.author_id, m.agency_id, m.day, m.sensitivity
           FROM other_children c
          CROSS JOIN unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[]) AS m(agency_id, author_id, day, sensitivity)`,
      [mix.agencyIds, mix.authorIds, mix.days, mix.sensitivities],
    );
    await client.query(
      `INSERT INTO chronology_entries (id, child_id, source_agency_id, author_id, recorded_at, status, current_version, shown_date, sensitivity)
       SELECT id, child_id, agency_id, author_id, now(), 'current', 1, day, sensitivity FROM other_entries`,
    );
    await client.query(
      `INSERT INTO chronology_entry_versions (entry_id, version_number, change, changed_by_id, changed_at, event_date, date_precision,
          event_type, wellbeing_indicators, summary, significant, nature, information_source, sensitivity, names_third_parties)
       SELECT id, 1, 'created', author_id, now(), day, 'day', 'concern-raised', '{safe}', 'Event of ' || day, false, 'neutral',
              'first-hand', sensitivity, false
         FROM other_entries`,
    );
  });
}
