import type { SqlParameters } from '../common/sql-parameters';
import type { ChildAccess } from './child-access';
import { entryPermissionSql } from './entry-permission-sql';

/** The SQL expressions an entry query holds what the policy tests in. */
export interface EntryColumns {
  entryId: string;
  sourceAgencyId: string;
  sourceAgencyType: string;
  /** The sensitivity of each version that decides: with more than one (a version and the entry as it is now), each must allow. */
  sensitivity: string[];
  /** Whether the entry is shared with the caller's agency, where the rows settle it (`true`, `false`); otherwise looked up by the entry's id. */
  sharedWithMyAgency?: string;
}

/** SQL for the caller's access to each entry of a query, from the same rules as every in-process decision. */
export interface EntryAccessSql {
  /** SQL booleans: the caller may read some field of the entry; may see its withheld marker; the marker may show the date. */
  predicates: { readable: string; locatable: string; dated: string };
  /** Defines `s.shared` ("shared with the caller's agency"), which the predicates use; empty where the columns settle it. */
  sharedJoin: string;
  /** The shared join, and `r.readable`, `r.locatable` and `r.dated`. */
  joins: string;
  /** For filters: "the caller may read this field of the entry". */
  canRead(field: string): string;
}

/**
 * The caller's access to each entry, computed by the database from the ability's rules (bind
 * parameters go to `parameters`). The query then fetches content only where `r.readable` holds.
 */
export function entryAccessSql(access: ChildAccess, parameters: SqlParameters, columns: EntryColumns): EntryAccessSql {
  const sharedJoin =
    columns.sharedWithMyAgency === undefined ? `CROSS JOIN LATERAL (SELECT ${columns.entryId} = ANY(${parameters.add(access.sharedEntryIds)}::uuid[]) AS shared) s` : '';
  const sharedWithMyAgency = columns.sharedWithMyAgency ?? 's.shared';
  const permitted = (action: 'read' | 'locate', field: string | undefined): string => {
    const each = columns.sensitivity.map((sensitivity) =>
      entryPermissionSql(
        access.ability,
        action,
        field,
        { sourceAgencyId: columns.sourceAgencyId, sourceAgencyType: columns.sourceAgencyType, sensitivity, sharedWithMyAgency },
        parameters,
      ),
    );
    return each.length === 1 ? each[0] : `(${each.join(' AND ')})`;
  };
  // Each predicate binds its parameters when a statement first uses it: PostgreSQL refuses to prepare a statement with a
  // parameter it never uses (it cannot tell its type), and a statement may test only some of the three.
  const readable = once(() => permitted('read', undefined));
  const locatable = once(() => permitted('locate', 'sourceAgency'));
  const dated = once(() => permitted('locate', 'eventDate'));
  return {
    predicates: {
      get readable() {
        return readable();
      },
      get locatable() {
        return locatable();
      },
      get dated() {
        return dated();
      },
    },
    sharedJoin,
    // OFFSET 0 keeps the planner from inlining these into every column that uses them: each is worked out once per entry.
    get joins() {
      return `${sharedJoin}
              CROSS JOIN LATERAL (SELECT ${readable()} AS readable, ${locatable()} AS locatable, ${dated()} AS dated OFFSET 0) r`;
    },
    canRead: (field) => permitted('read', field),
  };
}

function once(make: () => string): () => string {
  let made: string | undefined;
  return () => (made ??= make());
}
