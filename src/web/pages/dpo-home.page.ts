import { Body, Controller, Get, HttpCode, Post, Render } from '@nestjs/common';
import { ChildrenService } from '../../children/children.service';
import { ChildLookupQuery } from '../../children/dto/search-children.query';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { AuditReportsService } from '../../dpo/audit-reports.service';
import { readChildSearch } from '../child-search-form';
import { ApiFormValidation } from '../forms';
import { WebPage } from '../web-page.decorator';

/** The most events a report lists (its API's upper limit): past it, the home page says "1000 or more". */
const EVENTS_COUNTED = 1000;

const counted = (events: unknown[]) => ({ count: events.length, more: events.length >= EVENTS_COUNTED });

/**
 * The data protection officer's home: how many alerts each report holds for the default period
 * (each read as GET /api/audit/reports/... is, and audited as that report), and finding a child to
 * audit, identity only (GET /api/audit/children, audited as the DPO's look-up). No case content.
 */
@WebPage()
@Controller('dpo')
export class DpoHomePage {
  constructor(
    private readonly reports: AuditReportsService,
    private readonly children: ChildrenService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  @Render('pages/dpo/home')
  async home(@CurrentCaller() caller: Caller) {
    // One after another: each report is its own audited transaction, and the pool is shared with everyone's requests.
    const breakGlass = await this.reports.breakGlass(caller, { status: 'awaiting-review' });
    const offTeam = await this.reports.offTeamAccess(caller, { limit: EVENTS_COUNTED });
    const outOfHours = await this.reports.outOfHours(caller, { limit: EVENTS_COUNTED });
    const unusualVolume = await this.reports.unusualVolume(caller, {});
    return {
      period: offTeam.period,
      alerts: {
        breakGlass: { count: breakGlass.length, more: false },
        offTeam: counted(offTeam.events),
        outOfHours: counted(outOfHours.events),
        unusualVolume: { count: unusualVolume.users.length, more: false },
      },
      values: {},
    };
  }

  @Get('find-a-child')
  @Render('pages/dpo/find-a-child')
  form() {
    return { values: {}, searched: false };
  }

  @Post('find-a-child')
  @HttpCode(200)
  @Render('pages/dpo/find-a-child')
  async lookUp(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>) {
    const form = await readChildSearch(this.forms, ChildLookupQuery, body);
    if ('errors' in form) return { values: form.values, searched: false, errors: form.errors };
    return { values: form.values, searched: true, results: await this.children.lookUpForAudit(caller, form.query) };
  }
}
