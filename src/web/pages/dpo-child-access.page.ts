import { Controller, Get, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgenciesService } from '../../agencies/agencies.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { AuditReportsService } from '../../dpo/audit-reports.service';
import { actionInWords, relationshipInWords } from '../../dpo/audit-event-words';
import { childAccessCsv } from '../../dpo/child-access-csv';
import { agencyNamer } from '../agency-names';
import { accessChart, chartColour } from '../charts/access-chart';
import { todayIso } from '../../common/dates';
import { ApiFormValidation, formErrorsView } from '../forms';
import { PERIOD_FIELDS, periodQueryString, readPeriod } from '../period-form';
import { WebPage } from '../web-page.decorator';

/** A period's end as the UK day it falls on: a date as given, an instant by the UK clock. */
const ukDay = (value: string) => (value.length === 10 ? value : todayIso(new Date(value)));

/**
 * "Who has looked at this child's record": GET /api/audit/children/:childId/access for the period
 * chosen (a GET form: the address holds only the child's id and the dates), audited as that
 * report; and the same as CSV. The form's values are read from the request itself (Express's query
 * object has no prototype, which the global validation pipe cannot take) and checked by the API's DTO. People, agencies, times and counts only: no case content.
 */
@WebPage()
@Controller('dpo/children/:childId')
export class DpoChildAccessPage {
  constructor(
    private readonly reports: AuditReportsService,
    private readonly agencies: AgenciesService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get('access')
  @Render('pages/dpo/child-access')
  async show(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Req() { query }: Request) {
    const { values, errors, period } = await readPeriod(this.forms, query);
    if (errors.length > 0) return { childId, periodValues: values, errors: formErrorsView(errors, PERIOD_FIELDS) };
    const summary = await this.reports.childAccess(caller, childId, period);
    const agencyName = await agencyNamer(this.agencies);
    const chart = accessChart(summary.daily, { from: ukDay(summary.period.from), to: ukDay(summary.period.to) }, agencyName);
    return {
      chart: { ...chart, legend: chart.agencies.map((name, index) => ({ name, colour: chartColour(index) })) },
      childId,
      periodValues: values,
      summary,
      csvHref: `/dpo/children/${childId}/access.csv${periodQueryString(values) ? `?${periodQueryString(values)}` : ''}`,
      people: summary.people.map((person) => ({
        ...person,
        agency: person.actor.agency ? agencyName(person.actor.agency) : '',
        how: person.relationships.map(relationshipInWords),
        did: person.actions.map(actionInWords),
      })),
      refused: summary.refused.map((person) => ({ ...person, agency: person.actor.agency ? agencyName(person.actor.agency) : '', tried: person.actions.map(actionInWords) })),
    };
  }

  @Get('access.csv')
  async csv(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Req() { query }: Request, @Res() res: Response): Promise<void> {
    const { values, errors, period } = await readPeriod(this.forms, query);
    // A download link is made from a period the page accepted; one edited by hand gets the page, with its problems.
    if (errors.length > 0) return res.redirect(303, `/dpo/children/${childId}/access?${periodQueryString(values)}`);
    const summary = await this.reports.childAccess(caller, childId, period);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="child-access-${childId}.csv"`);
    res.send(childAccessCsv(summary));
  }
}
