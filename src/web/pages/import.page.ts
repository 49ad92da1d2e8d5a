import { redirectOnceSaved } from '../session-redirect';
import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccessService } from '../../access/access.service';
import { ChildrenService } from '../../children/children.service';
import { EventTaxonomyService } from '../../chronology/event-taxonomy.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { DomainError, notFound } from '../../common/domain-error';
import type { ChronicleRequest } from '../../common/request-context';
import { UuidParam } from '../../common/uuid-param';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { fileTooLarge } from '../../import/import-refusals';
import { ImportService } from '../../import/import.service';
import type { ImportMapping } from '../../import/row-check';
import { cleanFileName } from '../../import/source-reference';
import { formErrorsView } from '../forms';
import type { PageUpload } from '../setup/form-bodies';
import { WebPage } from '../web-page.decorator';
import '../web-session-data';
import { checkModel, keptRowsFromForm, mappingFromForm } from './import.view-model';

type UploadRequest = ChronicleRequest & PageUpload;

/**
 * Importing an agency's chronology for a child: upload the file, check it (map its columns and
 * event words, see every row with its problems and the duplicates), record it. Each step calls
 * what the API's import routes call, and is audited as they are (docs/import.md).
 */
@WebPage()
@Controller('child/:childId/import')
export class ImportPage {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly children: ChildrenService,
    private readonly imports: ImportService,
    private readonly taxonomy: EventTaxonomyService,
    private readonly access: AccessService,
  ) {}

  @Get()
  async form(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Res() res: Response): Promise<void> {
    res.render('pages/import-upload', await this.uploadModel(caller, childId));
  }

  @Post()
  async upload(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Req() req: UploadRequest, @Res() res: Response): Promise<void> {
    const refusal = (text: string) => this.uploadModel(caller, childId).then((model) => res.status(400).render('pages/import-upload', { ...model, errors: formErrorsView([{ field: 'file', text }], ['file']) }));
    if (req.uploadRefused === 'too-large') return refusal(fileTooLarge({ maxFileBytes: this.config.import.maxFileBytes }).message);
    if (req.uploadRefused === 'several-files') return refusal('Choose one file: upload your agency’s chronology one file at a time');
    if (req.uploadRefused === 'malformed') return refusal('The file did not arrive whole: choose it and upload it again');
    if (req.uploadRefused || !req.file || req.file.size === 0) return refusal('Choose a CSV or Excel file of your agency’s chronology');
    try {
      const uploaded = await this.imports.upload(caller, childId, { bytes: req.file.buffer, fileName: cleanFileName(req.file.originalname), mediaType: req.file.mimetype });
      req.session.pendingImport = {
        importId: uploaded.importId,
        childId,
        fileName: uploaded.fileName,
        columns: uploaded.columns.map((column) => column.name),
        mapping: uploaded.suggestedMapping,
        eventWords: uploaded.suggestions.eventTypes,
      };
      await redirectOnceSaved(req, res, `/child/${childId}/import/${uploaded.importId}`);
    } catch (error) {
      // A file that cannot be imported is the form's problem; anything else (not on the team, say) is the page's.
      if (error instanceof DomainError && (error.code.startsWith('IMPORT_') || error.code === 'VALIDATION_FAILED')) return refusal(error.message);
      throw error;
    }
  }

  @Get(':importId')
  async check(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('importId') importId: string, @Req() req: ChronicleRequest, @Res() res: Response): Promise<void> {
    const pending = this.pending(req, childId, importId);
    if (!pending) return res.redirect(303, `/child/${childId}/import`);
    res.render('pages/import-check', await this.checkPage(caller, req, pending.mapping));
  }

  /** "Check the rows again": the same page with the choices made, answered as the page is (200), as a search's results are. */
  @Post(':importId')
  @HttpCode(200)
  async remap(
    @CurrentCaller() caller: Caller,
    @UuidParam('childId') childId: string,
    @UuidParam('importId') importId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: ChronicleRequest,
    @Res() res: Response,
  ): Promise<void> {
    if (!this.pending(req, childId, importId)) return res.redirect(303, `/child/${childId}/import`);
    res.render('pages/import-check', await this.checkPage(caller, req, mappingFromForm(body)));
  }

  @Post(':importId/commit')
  async commit(
    @CurrentCaller() caller: Caller,
    @UuidParam('childId') childId: string,
    @UuidParam('importId') importId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: ChronicleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const pending = this.pending(req, childId, importId);
    if (!pending) return res.redirect(303, `/child/${childId}/import`);
    const mapping = mappingFromForm(body);
    try {
      const committed = await this.imports.commit(caller, importId, mapping, { keepDuplicateRows: keptRowsFromForm(body), saveMapping: body.saveMapping === 'yes' });
      req.session.pendingImport = undefined;
      req.session.committedImport = { importId, childId, fileName: pending.fileName, created: committed.created, duplicatesLeftOut: committed.duplicatesLeftOut, alreadyImported: committed.alreadyImported };
      await redirectOnceSaved(req, res, `/child/${childId}/import/${importId}/done`);
    } catch (error) {
      if (!(error instanceof DomainError) || !['IMPORT_ROWS_INVALID', 'VALIDATION_FAILED', 'FIELD_NOT_WRITABLE'].includes(error.code)) throw error;
      const model = await this.checkPage(caller, req, mapping);
      res.status(400).render('pages/import-check', { ...model, errors: { list: [{ text: error.message, href: '#preview' }], byField: {} } });
    }
  }

  @Get(':importId/done')
  async done(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('importId') importId: string, @Req() req: ChronicleRequest, @Res() res: Response): Promise<void> {
    const committed = req.session.committedImport;
    if (!committed || committed.importId !== importId || committed.childId !== childId) return res.redirect(303, `/child/${childId}/import`);
    res.render('pages/import-done', { child: await this.children.get(caller, childId), childSection: 'import', committed });
  }

  private async uploadModel(caller: Caller, childId: string) {
    const child = await this.children.get(caller, childId);
    // The form is offered only to whom the import service would let record the rows.
    const may = await this.access.childActions(caller, childId);
    return { child, may, childSection: 'import', maxMegabytes: Math.floor(this.config.import.maxFileBytes / (1024 * 1024)), maxRows: this.config.import.maxRows.toLocaleString('en-GB'), pendingMinutes: this.config.import.pendingMinutes };
  }

  /** The import the browser is working on, if it is the one in the address. */
  private pending(req: ChronicleRequest, childId: string, importId: string) {
    const pending = req.session.pendingImport;
    return pending && pending.importId === importId && pending.childId === childId ? pending : undefined;
  }

  /** The preview with this mapping, or what is wrong with the mapping; the mapping is kept for the next step. */
  private async checkPage(caller: Caller, req: ChronicleRequest, mapping: ImportMapping) {
    const pending = req.session.pendingImport!;
    pending.mapping = mapping;
    const child = await this.children.get(caller, pending.childId);
    try {
      const preview = await this.imports.preview(caller, pending.importId, mapping);
      if (preview.childId !== pending.childId) throw notFound('Import');
      pending.eventWords = preview.eventTypes.length > 0 ? preview.eventTypes : pending.eventWords;
      return checkModel(child, pending.importId, pending.fileName, pending.columns, mapping, pending.eventWords, this.taxonomy.all(), { preview });
    } catch (error) {
      if (!(error instanceof DomainError) || !['VALIDATION_FAILED', 'FIELD_NOT_WRITABLE'].includes(error.code)) throw error;
      const problems = error.details.length > 0 ? error.details.map((detail) => sentence(detail.problem)) : [error.message];
      return checkModel(child, pending.importId, pending.fileName, pending.columns, mapping, pending.eventWords, this.taxonomy.all(), { mappingErrors: problems });
    }
  }
}


function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
