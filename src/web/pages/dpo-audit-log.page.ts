import { Controller, Get, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgenciesService } from '../../agencies/agencies.service';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, PURPOSES_OF_USE } from '../../audit/audit-vocabulary';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { auditEventInWords } from '../../dpo/audit-event-words';
import { AuditLogService } from '../../dpo/audit-log.service';
import { AuditEventsPageQuery } from '../../dpo/dto/audit-events.query';
import { agencyNamer } from '../agency-names';
import { upperFirst } from '../view-filters';
import { ApiFormValidation, FormError, formErrorsView, formText, FormWording, submitForm } from '../forms';
import { PERIOD_FIELDS, periodQueryString, readPeriod } from '../period-form';
import { WebPage } from '../web-page.decorator';

/** The filters, by the API's own names (GET /api/audit/events), in the form's order. */
const FILTERS = ['childId', 'actor', 'agency', 'action', 'purpose', 'outcome', 'breakGlass'] as const;
/** `filters` is the form itself, for what no input holds (the page link's cursor). */
const FIELDS = [...FILTERS, ...PERIOD_FIELDS, 'filters'];
const PAGE_SIZE = 25;

const OUTCOMES = { success: 'Done', denied: 'Refused', failed: 'Failed' } as const;

/** A filter the user gave: not left empty (a period's end left out is undefined). */
const given = ([, value]: [string, unknown]) => value !== '' && value !== undefined;

/** A select's options, the first meaning "no filter", the one chosen marked. */
function selectItems(anyText: string, items: { value: string; text: string }[], chosen: string) {
  return [{ value: '', text: anyText }, ...items].map((item) => ({ ...item, selected: item.value === chosen }));
}

/** The API's query parameters, and what to tell a data protection officer when one is refused. */
const WORDING: FormWording = {
  childId: { field: 'childId', text: "Enter a child's Chronicle id as the Data protection page shows it (36 letters, digits and dashes), or leave it empty" },
  actor: { field: 'actor', text: "Enter a user's sign-in id as an event shows it, with no spaces, or leave it empty" },
  agency: { field: 'agency', text: 'Choose an agency from the list' },
  action: { field: 'action', text: 'Choose what was done from the list' },
  purpose: { field: 'purpose', text: 'Choose a purpose from the list' },
  outcome: { field: 'outcome', text: 'Choose an outcome from the list' },
  breakGlass: { field: 'breakGlass', text: 'Choose from the list whether to show break-glass events' },
  cursor: { field: 'filters', text: 'The page link is out of date: start the search again' },
};

/**
 * The audit log: GET /api/audit/events with the same filters and paging, audited as that query,
 * each event in plain words (auditEventInWords). The downloads are the API's own CSV and FHIR
 * exports of the same filter. Only ids, codes and dates are in the address.
 */
@WebPage()
@Controller('dpo/audit')
export class DpoAuditLogPage {
  constructor(
    private readonly log: AuditLogService,
    private readonly agencies: AgenciesService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  @Render('pages/dpo/audit-log')
  async show(@CurrentCaller() caller: Caller, @Req() { query }: Request, @Res({ passthrough: true }) res: Response) {
    const agencies = await this.agencies.listAll();
    const values = Object.fromEntries(FILTERS.map((field) => [field, formText(query, field)])) as Record<(typeof FILTERS)[number], string>;
    const period = await readPeriod(this.forms, query);
    const cursor = formText(query, 'cursor');
    const filters = Object.fromEntries(Object.entries({ ...values, ...period.period, cursor, limit: PAGE_SIZE }).filter(given));
    // Every problem at once: the other filters are checked even when the period is wrong.
    const checked = await this.forms.check(AuditEventsPageQuery, filters, WORDING);
    const choices = {
      agency: selectItems('Any agency', agencies.map((agency) => ({ value: agency.code, text: agency.name })), values.agency),
      action: selectItems('Anything', Object.entries(AUDIT_ACTIONS).map(([value, declaration]) => ({ value, text: declaration.what.replace(/ \(.*$/, '') })), values.action),
      purpose: selectItems('Any purpose', PURPOSES_OF_USE.map((value) => ({ value, text: upperFirst(value.replace(/-/g, ' ')) })), values.purpose),
      outcome: selectItems('Any outcome', AUDIT_OUTCOMES.map((value) => ({ value, text: OUTCOMES[value] })), values.outcome),
      breakGlass: selectItems('Either', [{ value: 'true', text: 'Only break-glass' }, { value: 'false', text: 'No break-glass' }], values.breakGlass),
    };
    const filterQuery = new URLSearchParams(Object.entries(values).filter(given));
    const periodQuery = periodQueryString(period.values);
    const pageQuery = [filterQuery.toString(), periodQuery].filter(Boolean).join('&');
    const firstHref = cursor ? `/dpo/audit${pageQuery ? `?${pageQuery}` : ''}` : null;
    // What the service refuses (a cursor it did not write) is a problem with the form too.
    const read = period.errors.length > 0 || 'errors' in checked ? null : await submitForm(() => this.log.page(caller, checked.value), WORDING);
    const errors: FormError[] = [...period.errors, ...('errors' in checked ? checked.errors : []), ...(read && 'errors' in read ? read.errors : [])];
    if (!read || 'errors' in read) {
      res.status(400);
      return { values, periodValues: period.values, choices, errors: formErrorsView(errors, FIELDS), firstHref };
    }
    const page = read.value;
    const agencyName = await agencyNamer(this.agencies);
    const exportQuery = new URLSearchParams(Object.entries({ ...values, ...period.period }).filter(given) as [string, string][]).toString();
    return {
      values,
      periodValues: period.values,
      choices,
      events: page.items.map((event) => ({ ...event, words: auditEventInWords(event, agencyName) })),
      olderHref: page.nextCursor ? `/dpo/audit?${[pageQuery, `cursor=${page.nextCursor}`].filter(Boolean).join('&')}` : null,
      firstHref,
      csvHref: `/api/audit/events.csv${exportQuery ? `?${exportQuery}` : ''}`,
      fhirHref: `/api/audit/events.fhir.json${exportQuery ? `?${exportQuery}` : ''}`,
    };
  }
}
