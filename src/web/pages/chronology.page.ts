import { Controller, Get, Render, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AgenciesService } from '../../agencies/agencies.service';
import { ChildrenService } from '../../children/children.service';
import { ChronologyService } from '../../chronology/chronology.service';
import { ChronologyQuery } from '../../chronology/dto/chronology.query';
import { WELLBEING_INDICATORS } from '../../chronology/entry-vocabulary';
import { EventTaxonomyService } from '../../chronology/event-taxonomy.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import type { ChronicleRequest } from '../../common/request-context';
import { UuidParam } from '../../common/uuid-param';
import { ApiFormValidation, formErrorsView } from '../forms';
import { timelineLegend } from '../timeline';
import { WebPage } from '../web-page.decorator';
import { anyFilter, apiQuery, ChronologyFilterValues, FILTER_FIELDS, FILTER_WORDING, filterAddress, filterValues } from './chronology-filters.form';
import { chronologyViewModel } from './chronology.view-model';

/**
 * Journey 3: the child's chronology, as a table with a timeline above it. Mirrors GET
 * /api/children/:id (the heading) and GET /api/children/:id/chronology with the same filters, and is
 * audited as both: the chronology read is ChronologyService.readChronology's own event. Filters the
 * API's DTO refuses are shown as form problems (400), and nothing is read; a page past the last one
 * says so and links to the last and the first.
 */
@WebPage()
@Controller('child/:childId')
export class ChronologyPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly chronology: ChronologyService,
    private readonly agencies: AgenciesService,
    private readonly taxonomy: EventTaxonomyService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get('chronology')
  @Render('pages/chronology')
  async show(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Req() req: ChronicleRequest, @Res({ passthrough: true }) res: Response) {
    // The raw query, not @Query(): the filters are checked below by the API's own DTO, in the page's words.
    const values = filterValues(req.query as Record<string, unknown>);
    const form = { values, options: await this.options(values), filtered: anyFilter(values), legend: timelineLegend() };
    const { query: asked, errors } = apiQuery(values);
    // Every problem at once: the dates as typed, and whatever the API's DTO finds in the rest.
    const checked = await this.forms.check(ChronologyQuery, asked, FILTER_WORDING);
    if ('errors' in checked || errors.length > 0) {
      const child = await this.children.get(caller, childId);
      res.status(400);
      return { child, ...form, errors: formErrorsView([...errors, ...('errors' in checked ? checked.errors : [])], FILTER_FIELDS) };
    }
    // The chronology first: a reader who may see the child's record but not its chronology (an administrator) is refused before the record is read.
    const chronology = await this.chronology.readChronology(caller, childId, checked.value);
    const child = await this.children.get(caller, childId);
    const view = chronologyViewModel(child, chronology);
    const pageAddress = (page: number) => filterAddress(req.path, values, { page: String(page) });
    return {
      child,
      ...form,
      ...view,
      previous: view.page > 1 ? pageAddress(Math.min(view.page - 1, view.pages)) : null,
      next: view.page < view.pages ? pageAddress(view.page + 1) : null,
      // Past the last page: there are entries, but none this far on.
      pastEnd: view.rowCount === 0 && view.total > 0 ? { lastPage: pageAddress(view.pages), firstPage: pageAddress(1) } : null,
    };
  }

  /** The choices the form offers, those in the address ticked. */
  private async options(values: ChronologyFilterValues) {
    const categories = new Map<string, { value: string; text: string }[]>();
    for (const type of this.taxonomy.all()) categories.set(type.category, [...(categories.get(type.category) ?? []), { value: type.code, text: type.label }]);
    return {
      agencies: (await this.agencies.listAll()).map((agency) => ({ value: agency.code, text: agency.name, checked: values.agency.includes(agency.code) })),
      eventTypes: [...categories].map(([category, types]) => ({ label: category.charAt(0).toUpperCase() + category.slice(1).replace(/-/g, ' '), types })),
      wellbeingIndicators: WELLBEING_INDICATORS.map((indicator) => ({
        value: indicator,
        text: indicator.charAt(0).toUpperCase() + indicator.slice(1),
        checked: values.wellbeingIndicator.includes(indicator),
      })),
    };
  }
}
