import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccessModule } from '../access/access.module';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuthModule } from '../auth/auth.module';
import { CaseloadModule } from '../caseload/caseload.module';
import { ChildrenModule } from '../children/children.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { DisputesModule } from '../disputes/disputes.module';
import { DpoModule } from '../dpo/dpo.module';
import { ExportModule } from '../export/export.module';
import { ImportModule } from '../import/import.module';
import { MentoringModule } from '../mentoring/mentoring.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PractitionersModule } from '../practitioners/practitioners.module';
import { RetentionModule } from '../retention/retention.module';
import { SharingModule } from '../sharing/sharing.module';
import { SubjectAccessModule } from '../subject-access/subject-access.module';
import { TeamModule } from '../team/team.module';
import { ApiFormValidation } from './forms';
import { AddEntryPage } from './pages/add-entry.page';
import { AdminChildrenPage } from './pages/admin-children.page';
import { AdminHomePage } from './pages/admin-home.page';
import { ChangeEntryPage } from './pages/change-entry.page';
import { ChildMentoringPage } from './pages/child-mentoring.page';
import { ChildTeamPage } from './pages/child-team.page';
import { ChronologyPage } from './pages/chronology.page';
import { DpoAlertsPage } from './pages/dpo-alerts.page';
import { DpoAuditLogPage } from './pages/dpo-audit-log.page';
import { DpoChildAccessPage } from './pages/dpo-child-access.page';
import { DpoDisclosuresPage } from './pages/dpo-disclosures.page';
import { DpoHomePage } from './pages/dpo-home.page';
import { DpoDisputesPage } from './pages/dpo-disputes.page';
import { DpoIntegrityPage } from './pages/dpo-integrity.page';
import { DpoRecordOfProcessingPage } from './pages/dpo-record-of-processing.page';
import { DpoRetentionPage } from './pages/dpo-retention.page';
import { DpoSubjectAccessPage } from './pages/dpo-subject-access.page';
import { EntryPage } from './pages/entry.page';
import { FindAChildPage } from './pages/find-a-child.page';
import { ImportPage } from './pages/import.page';
import { MyChildrenPage } from './pages/my-children.page';
import { NotificationsPage } from './pages/notifications.page';
import { PrintPage } from './pages/print.page';
import { RequestAccessPage } from './pages/request-access.page';
import { ShareEntryPage } from './pages/share-entry.page';
import { SignOutPage } from './pages/sign-out.page';
import { UnknownPageFilter } from './unknown-page.filter';

/** The web application: server-rendered pages over the same services as the API (docs/web.md). */
@Module({
  imports: [AuthModule, AccessModule, AgenciesModule, CaseloadModule, ChildrenModule, ChronologyModule, DpoModule, ExportModule, ImportModule, MentoringModule, NotificationsModule, PractitionersModule, SharingModule, TeamModule, SubjectAccessModule, DisputesModule, RetentionModule],
  controllers: [
    MyChildrenPage,
    FindAChildPage,
    RequestAccessPage,
    ChildTeamPage,
    SignOutPage,
    ChronologyPage,
    AddEntryPage,
    EntryPage,
    ChangeEntryPage,
    ShareEntryPage,
    PrintPage,
    NotificationsPage,
    ChildMentoringPage,
    DpoHomePage,
    DpoChildAccessPage,
    DpoAuditLogPage,
    DpoAlertsPage,
    DpoIntegrityPage,
    DpoDisclosuresPage,
    DpoSubjectAccessPage,
    DpoRetentionPage,
    DpoDisputesPage,
    DpoRecordOfProcessingPage,
    AdminHomePage,
    AdminChildrenPage,
    ImportPage,
  ],
  providers: [ApiFormValidation, { provide: APP_FILTER, useClass: UnknownPageFilter }],
})
export class WebModule {}
