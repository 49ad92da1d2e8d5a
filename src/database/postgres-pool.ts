import { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** The pg pool behind TypeORM, for libraries that speak pg directly (session store, identity provider store). */
export function postgresPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
