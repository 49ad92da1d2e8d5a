import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccessService } from '../../access/access.service';
import { AgenciesService } from '../../agencies/agencies.service';
import { ChildrenService } from '../../children/children.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { CreateExportDto } from '../../export/dto/create-export.dto';
import { sendPdf } from '../../export/export.controller';
import { ExportAudiencesService } from '../../export/export-audiences';
import { ExportService } from '../../export/export.service';
import { dateInputValue, dateToPrecision } from '../date-input';
import { ApiFormValidation, FormError, formErrorsView, formList, formText, submitForm } from '../forms';
import { WebPage } from '../web-page.decorator';

const INPUTS = ['audience', 'purpose', 'producedFor', 'lawfulBasis', 'from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year', 'agency', 'significant', 'includeEnteredInError'];

/**
 * Journey 6: print a chronology for an audience (each described by what its copy leaves out), the
 * copies made for this child with their records, and any of them made again. Mirrors
 * GET /api/children/:id and /api/children/:id/exports, POST /api/children/:id/exports and
 * GET /api/exports/:id/document, through ExportService: the same document, record and audit.
 */
@WebPage()
@Controller('child/:childId/print')
export class PrintPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly exports: ExportService,
    private readonly audiences: ExportAudiencesService,
    private readonly agencies: AgenciesService,
    private readonly forms: ApiFormValidation,
    private readonly access: AccessService,
  ) {}

  @Get()
  async form(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Res() res: Response): Promise<void> {
    res.render('pages/print', await this.model(caller, childId, printFormValues({}), []));
  }

  @Post()
  async print(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = printFormValues(body);
    const problems: FormError[] = [];
    const date = (name: 'from' | 'to', label: string) => {
      const { iso, problem } = dateToPrecision(values[name], 'day', label);
      if (problem) problems.push({ field: `${name}-${problem.part}`, text: problem.text });
      return iso ?? undefined;
    };
    const dto = {
      audience: values.audience,
      purpose: values.purpose,
      producedFor: values.producedFor,
      lawfulBasis: values.lawfulBasis || undefined,
      from: date('from', 'The start of the period'),
      to: date('to', 'The end of the period'),
      agency: values.agency.length > 0 ? values.agency : undefined,
      significant: values.significant || undefined,
      includeEnteredInError: values.includeEnteredInError || undefined,
    };
    const wording = {
      audience: { field: 'audience', text: 'Select who the copy is for' },
      purpose: values.purpose ? { field: 'purpose', label: 'The purpose' } : { field: 'purpose', text: 'Say why the copy is made' },
      producedFor: values.producedFor ? { field: 'producedFor', label: 'Who it is for' } : { field: 'producedFor', text: 'Say whom the copy is for' },
      lawfulBasis: { field: 'lawfulBasis', label: 'The lawful basis' },
      from: { field: 'from-day', text: 'The start of the period must be a real date' },
      to: { field: 'to-day', text: 'The end of the period must be a real date, not before its start' },
      agency: { field: 'agency', text: 'Select agencies from the list' },
    };
    const checked = await this.forms.check(CreateExportDto, dto, wording);
    const errors = [...problems, ...('errors' in checked ? checked.errors : [])];
    const printed =
      errors.length > 0 || 'errors' in checked
        ? { errors }
        : await submitForm(() => this.exports.create(caller, childId, checked.value), wording, {
            EXPORT_TOO_LARGE: { field: 'from-day', text: 'There are too many entries to print in one copy: choose a shorter period, or fewer agencies' },
          });
    if ('errors' in printed) {
      res.status(400).render('pages/print', await this.model(caller, childId, values, printed.errors));
      return;
    }
    sendPdf(res.status(200), printed.value);
  }

  /** "Make it again": the copy produced again from its record, as GET /api/exports/:id/document does. */
  @Post(':exportId')
  async again(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('exportId') exportId: string, @Res() res: Response): Promise<void> {
    const rendered = await this.exports.regenerate(caller, exportId, childId);
    res.setHeader('x-export-matches-original', String(rendered.matchesOriginal));
    sendPdf(res.status(200), rendered);
  }

  private async model(caller: Caller, childId: string, values: PrintFormValues, errors: FormError[]) {
    // What the caller may do here, as the export service decides it; the page offers only that, and says so.
    const may = await this.access.childActions(caller, childId);
    // The copies first, as GET /api/children/:id/exports then GET /api/children/:id: the list decides access before the child's record is read.
    const copies = may.readPrints ? await this.exports.list(caller, childId) : [];
    const child = await this.children.get(caller, childId);
    return {
      child,
      may,
      copies,
      values,
      errors: formErrorsView(errors, INPUTS),
      audiences: this.audiences.all().map((audience) => ({ value: audience.id, text: audience.label, hint: { text: audience.description }, checked: values.audience === audience.id })),
      agencies: (await this.agencies.listAll()).map((agency) => ({ value: agency.code, text: agency.name, checked: values.agency.includes(agency.code) })),
    };
  }
}

type PrintFormValues = ReturnType<typeof printFormValues>;

function printFormValues(body: unknown) {
  return {
    audience: formText(body, 'audience'),
    purpose: formText(body, 'purpose'),
    producedFor: formText(body, 'producedFor'),
    lawfulBasis: formText(body, 'lawfulBasis'),
    from: dateInputValue(body, 'from'),
    to: dateInputValue(body, 'to'),
    agency: formList(body, 'agency'),
    significant: formText(body, 'significant') === 'true',
    includeEnteredInError: formText(body, 'includeEnteredInError') === 'true',
  };
}
