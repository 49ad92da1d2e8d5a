import { Controller, Get, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { AgenciesService } from '../../agencies/agencies.service';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, PURPOSES_OF_USE } from '../../audit/audit-vocabulary';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { auditEventInWords } from '../../dpo/audit-event-words';
import { AuditLogService } from '../../dpo/audit-log.service';
import { AuditEventsPageQuery } from '../../dpo/dto/audit-events.query';
import { agencyNamer } from '../agency-names';
import { upperFirst } from '../view-filters';
import { ApiFormValidation, FormError, formErrorsView, formText } from '../forms';
import { PERIOD_FIELDS, periodQueryString, readPeriod } from '../period-form';
import { WebPage } from '../web-page.decorator';

/** The filters, by the API's own names (GET /api/audit/events), in the form's order. */
const FILTERS = ['childId', 'actor', 'agency', 'action', 'purpose', 'outcome', 'breakGlass'] as const;
const FIELDS = [...FILTERS, ...PERIOD_FIELDS];
const PAGE_SIZE = 25;

const OUTCOMES = { success: 'Done', denied: 'Refused', failed: 'Failed' } as const;

/** A filter the user gave: not left empty (a period's end left out is undefined). */
const given = ([, value]: [string, unknown]) => value !== '' && value !== undefined;

/** A select's options, the first meaning "no filter", the one chosen marked. */
function selectItems(anyText: string, items: { value: string; text: string }[], chosen: string) {
  return [{ value: '', text: anyText }, ...items].map((item) => ({ ...item, selected: item.value === chosen }));
}

const WORDING = Object.fromEntries(FILTERS.map((field) => [field, { field }]));

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
  async show(@CurrentCaller() caller: Caller, @Req() { query }: Request) {
    const agencies = await this.agencies.listAll();
    const values = Object.fromEntries(FILTERS.map((field) => [field, formText(query, field)])) as Record<(typeof FILTERS)[number], string>;
    const period = await readPeriod(this.forms, query);
    const cursor = formText(query, 'cursor');
    const filters = Object.fromEntries(Object.entries({ ...values, ...period.period, cursor, limit: PAGE_SIZE }).filter(given));
    const checked = period.errors.length > 0 ? null : await this.forms.check(AuditEventsPageQuery, filters, WORDING);
    const choices = {
      agency: selectItems('Any agency', agencies.map((agency) => ({ value: agency.code, text: agency.name })), values.agency),
      action: selectItems('Anything', Object.entries(AUDIT_ACTIONS).map(([value, declaration]) => ({ value, text: declaration.what.replace(/ \(.*$/, '') })), values.action),
      purpose: selectItems('Any purpose', PURPOSES_OF_USE.map((value) => ({ value, text: upperFirst(value.replace(/-/g, ' ')) })), values.purpose),
      outcome: selectItems('Any outcome', AUDIT_OUTCOMES.map((value) => ({ value, text: OUTCOMES[value] })), values.outcome),
      breakGlass: selectItems('Either', [{ value: 'true', text: 'Only break-glass' }, { value: 'false', text: 'No break-glass' }], values.breakGlass),
    };
    const errors: FormError[] = [...period.errors, ...(checked && 'errors' in checked ? checked.errors : [])];
    if (!checked || 'errors' in checked) return { values, periodValues: period.values, choices, errors: formErrorsView(errors, FIELDS) };
    const page = await this.log.page(caller, checked.value);
    const agencyName = await agencyNamer(this.agencies);
    const filterQuery = new URLSearchParams(Object.entries(values).filter(given));
    const periodQuery = periodQueryString(period.values);
    const exportQuery = new URLSearchParams(Object.entries({ ...values, ...period.period }).filter(given) as [string, string][]).toString();
    const pageQuery = [filterQuery.toString(), periodQuery].filter(Boolean).join('&');
    return {
      values,
      periodValues: period.values,
      choices,
      events: page.items.map((event) => ({ ...event, words: auditEventInWords(event, agencyName) })),
      olderHref: page.nextCursor ? `/dpo/audit?${[pageQuery, `cursor=${page.nextCursor}`].filter(Boolean).join('&')}` : null,
      firstHref: cursor ? `/dpo/audit${pageQuery ? `?${pageQuery}` : ''}` : null,
      csvHref: `/api/audit/events.csv${exportQuery ? `?${exportQuery}` : ''}`,
      fhirHref: `/api/audit/events.fhir.json${exportQuery ? `?${exportQuery}` : ''}`,
    };
  }
}
