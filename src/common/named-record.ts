/**
 * A record named by its id (undefined if the id names none), and the child whose access decides a
 * request for it. Where the request names the child too (`childId`, a page's address), a record of
 * another child is none at all: the caller is answered, on the child they named, exactly as for an
 * id that names nothing, before anything of the record is used.
 */
export function namedRecord<R extends { childId: string }>(found: R | undefined, childId: string | undefined): { record: R | undefined; childId: string | undefined } {
  const record = childId === undefined || found?.childId === childId ? found : undefined;
  return { record, childId: childId ?? record?.childId };
}
