import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { CreateExportDto } from './dto/create-export.dto';
import { ExportAudiencesService } from './export-audiences';
import { ExportService } from './export.service';
import { ExportAudienceView, ExportRecordView, ExportSummaryView, RenderedExport } from './export.view';

@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportController {
  constructor(
    private readonly exports: ExportService,
    private readonly audiences: ExportAudiencesService,
  ) {}

  @Get('export-audiences')
  @ApiOperation({ summary: 'The audiences a chronology can be printed for, and what each copy leaves out' })
  audienceProfiles(): ExportAudienceView[] {
    return this.audiences
      .all()
      .map(({ id, label, description, purposeOfUse, defaultLawfulBasis, withheldNotices, leaveOut }) => ({ id, label, description, purposeOfUse, defaultLawfulBasis, withheldNotices, leaveOut }));
  }

  @Post('children/:childId/exports')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "Print the child's chronology as a PDF for an audience (hearing, conference, review, family): recorded, audited, checksummed; X-Export-Id and X-Export-SHA256 headers" })
  async create(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Body() dto: CreateExportDto, @Res() res: Response): Promise<void> {
    const rendered = await this.exports.create(caller, childId, dto);
    sendPdf(res.status(201).location(`/api/exports/${rendered.exportId}`), rendered);
  }

  @Get('children/:childId/exports')
  @ApiOperation({ summary: "The copies of a child's chronology printed so far, newest first: who, when, audience, purpose, produced for, period and filters, SHA-256, pages" })
  list(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string): Promise<ExportSummaryView[]> {
    return this.exports.list(caller, childId);
  }

  @Get('exports/:exportId')
  @ApiOperation({ summary: 'The record of a printed chronology: who, when, for whom, why, lawful basis, filters, audience, checksum, and the entry versions you may read now' })
  record(@CurrentCaller() caller: Caller, @UuidParam('exportId') exportId: string): Promise<ExportRecordView> {
    return this.exports.record(caller, exportId);
  }

  @Get('exports/:exportId/document')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Produce a printed chronology again from its record; X-Export-Matches-Original says whether the checksum is the same' })
  async document(@CurrentCaller() caller: Caller, @UuidParam('exportId') exportId: string, @Res() res: Response): Promise<void> {
    const rendered = await this.exports.regenerate(caller, exportId);
    res.setHeader('x-export-matches-original', String(rendered.matchesOriginal));
    sendPdf(res.status(200), rendered);
  }
}

/** A printed chronology as a download, with its record's id, checksum and page count in headers (the print page sends it the same way). */
export function sendPdf(res: Response, rendered: RenderedExport): void {
  res.setHeader('content-type', 'application/pdf');
  res.setHeader('content-disposition', `attachment; filename="chronology-${rendered.exportId}.pdf"`);
  res.setHeader('x-export-id', rendered.exportId);
  res.setHeader('x-export-sha256', rendered.sha256);
  res.setHeader('x-export-pages', String(rendered.pages));
  res.end(rendered.pdf);
}
