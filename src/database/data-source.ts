import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';

/** For the TypeORM CLI (`npm run migration:*`), as the schema owner; the server configures its own connection in DatabaseModule. */
export default new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL,
  entities: [`${__dirname}/../**/*.entity.{ts,js}`],
  migrations: MIGRATIONS,
  synchronize: false,
});
