import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { types } from 'pg';

// DATE columns stay `YYYY-MM-DD` strings: a JS Date would shift them by the server's time zone.
types.setTypeParser(types.builtins.DATE, (value) => value);

@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          autoLoadEntities: true,
          synchronize: false,
          // Migrations run before the server starts, as the schema owner (database-bootstrap.ts).
          migrationsRun: false,
          uuidExtension: 'pgcrypto',
          installExtensions: false,
          extra: { max: 20, connectionTimeoutMillis: 5000, statement_timeout: 30000 },
          retryAttempts: 3,
        }),
      ],
    };
  }
}
