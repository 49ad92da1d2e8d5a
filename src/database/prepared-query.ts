import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
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
  const result = await (await connectionOf(target)).query({ name, text, values });
  return result.rows as T[];
}

async function connectionOf(target: EntityManager | Pool): Promise<Pool | PoolClient> {
  if (!(target instanceof EntityManager)) return target;
  const runner = target.queryRunner;
  if (runner && !runner.isReleased) return (await runner.connect()) as PoolClient;
  return postgresPool(target.connection);
}
