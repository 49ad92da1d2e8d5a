import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccessModule } from '../access/access.module';
import { AuthModule } from '../auth/auth.module';
import { CaseloadModule } from '../caseload/caseload.module';
import { ChildrenModule } from '../children/children.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { ImportModule } from '../import/import.module';
import { TeamModule } from '../team/team.module';
import { ApiFormValidation } from './forms';
import { ChildTeamPage } from './pages/child-team.page';
import { FindAChildPage } from './pages/find-a-child.page';
import { ImportPage } from './pages/import.page';
import { MyChildrenPage } from './pages/my-children.page';
import { RequestAccessPage } from './pages/request-access.page';
import { SignOutPage } from './pages/sign-out.page';
import { UnknownPageFilter } from './unknown-page.filter';

/** The web application: server-rendered pages over the same services as the API (docs/web.md). */
@Module({
  imports: [AuthModule, AccessModule, CaseloadModule, ChildrenModule, TeamModule, ChronologyModule, ImportModule],
  controllers: [MyChildrenPage, FindAChildPage, RequestAccessPage, ChildTeamPage, SignOutPage, ImportPage],
  providers: [ApiFormValidation, { provide: APP_FILTER, useClass: UnknownPageFilter }],
})
export class WebModule {}
