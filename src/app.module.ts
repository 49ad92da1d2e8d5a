import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccessModule } from './access/access.module';
import { AgenciesModule } from './agencies/agencies.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CaseloadModule } from './caseload/caseload.module';
import { ChildrenModule } from './children/children.module';
import { ChronologyModule } from './chronology/chronology.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { ClockModule } from './common/clock';
import { RequestChecksModule } from './common/request-checks';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { DevIdpModule } from './dev-idp/dev-idp.module';
import { DpoModule } from './dpo/dpo.module';
import { ExportModule } from './export/export.module';
import { ImportModule } from './import/import.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { MentoringModule } from './mentoring/mentoring.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PractitionersModule } from './practitioners/practitioners.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SharingModule } from './sharing/sharing.module';
import { SubjectAccessModule } from './subject-access/subject-access.module';
import { DisputesModule } from './disputes/disputes.module';
import { RetentionModule } from './retention/retention.module';
import { TeamModule } from './team/team.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  /** `ownerUrl`: the schema owner's connection where the server has it beside DATABASE_MIGRATION_URL (the embedded database's). */
  static forRoot(config: AppConfig, databaseUrl: string, ownerUrl = config.database.migrationUrl): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl),
        RequestChecksModule,
        ClockModule,
        JobsModule,
        AuditModule,
        RateLimitModule,
        AccessModule,
        AuthModule,
        AgenciesModule,
        PractitionersModule,
        ChildrenModule,
        TeamModule,
        ChronologyModule,
        CaseloadModule,
        NotificationsModule,
        MentoringModule,
        SharingModule,
        SubjectAccessModule,
        DisputesModule,
        RetentionModule,
        DpoModule,
        ExportModule,
        ImportModule,
        HealthModule,
        WebModule,
        ...(config.demoMode ? [DevIdpModule.forRoot(), DemoModule.forRoot(ownerUrl)] : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
