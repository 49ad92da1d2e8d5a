import { createHash } from 'node:crypto';
import type { FieldDef, Pool, PoolClient } from 'pg';
import { EntityManager } from 'typeorm';
import { postgresPool } from './postgres-pool';

/**
 * Runs a statement as a named prepared statement, so PostgreSQL parses and plans it once per
 * connection instead of on every request: for the policy-filtered chronology query, planning cost
 * more than running it. For the statements of hot paths only; each distinct text becomes one
 * prepared statement per connection, so their number must stay small (it does: the texts vary with
 * the caller's role and relationship and the filters given, not with values).
 *
 * On a transaction's EntityManager it runs on the transaction's connection; otherwise on the pool.
 */
export async function preparedQuery<T>(target: EntityManager | Pool, text: string, values: unknown[]): Promise<T[]> {
  const name = `chronicle_${createHash('sha1').update(text).digest('base64url')}`;
  // Rows come as arrays and are made into objects by a shape compiled once per statement: the driver's
  // own objects take a store by column name per value, which V8 cannot specialise; 1,854 rows of 45
  // columns took 2-3.5 ms less this way in a scratch script (docs/performance.md, section 1).
  const result = await (await connectionOf(target)).query<unknown[]>({ name, text, values, rowMode: 'array' });
  return result.rows.map(rowShapeOf(name, result.fields)) as T[];
}

type RowShape = (values: unknown[]) => Record<string, unknown>;

/** One per prepared statement, so as few as the statements; with the columns it was made for. */
const rowShapes = new Map<string, { columns: string[]; shape: RowShape }>();

function rowShapeOf(statementName: string, fields: FieldDef[]): RowShape {
  const known = rowShapes.get(statementName);
  // A statement's text fixes its columns, unless it selects `*` from a table a migration has since changed: then a new shape.
  if (known && known.columns.length === fields.length && fields.every((field, index) => field.name === known.columns[index])) return known.shape;
  // The names are written as JSON string literals; a later column of the same name wins, as with the driver's objects. A literal
  // key '__proto__' would set the prototype instead of making a property, so that one name alone is written as a computed key.
  const properties = fields.map(({ name }, index) => `${name === '__proto__' ? `[${JSON.stringify(name)}]` : JSON.stringify(name)}: values[${index}]`);
  const shape = new Function('values', `return { ${properties.join(', ')} };`) as RowShape;
  rowShapes.set(statementName, { columns: fields.map(({ name }) => name), shape });
  return shape;
}

async function connectionOf(target: EntityManager | Pool): Promise<Pool | PoolClient> {
  if (!(target instanceof EntityManager)) return target;
  const runner = target.queryRunner;
  if (runner && !runner.isReleased) return (await runner.connect()) as PoolClient;
  return postgresPool(target.connection);
}
