import { Body, Controller, Get, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { CommitImportDto, PreviewImportDto } from './dto/import-mapping.dto';
import { UploadImportDto } from './dto/upload-import.dto';
import { ImportFileInterceptor, MultipartFile, requireFile } from './import-file.interceptor';
import { ImportService } from './import.service';
import { ImportCommitView, ImportPreviewView, ImportUploadView, SavedMappingView } from './import.view';
import { cleanFileName } from './source-reference';

@ApiTags('imports')
@ApiBearerAuth()
@Controller()
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  @Post('children/:childId/imports')
  @UseInterceptors(ImportFileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, worksheet: { type: 'string' } } } })
  @ApiOperation({ summary: "Upload your agency's chronology of the child (CSV or XLSX): its columns, suggested mappings and an import id; nothing is recorded yet" })
  upload(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UploadedFile() file: MultipartFile | undefined, @Body() dto: UploadImportDto): Promise<ImportUploadView> {
    const { buffer, originalname, mimetype } = requireFile(file);
    return this.imports.upload(caller, childId, { bytes: buffer, fileName: cleanFileName(originalname), mediaType: mimetype }, dto.worksheet);
  }

  @Post('imports/:importId/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check every row of an upload with a mapping: its problems by row and column, and rows that repeat an entry your agency already has' })
  preview(@CurrentCaller() caller: Caller, @UuidParam('importId') importId: string, @Body() dto: PreviewImportDto): Promise<ImportPreviewView> {
    return this.imports.preview(caller, importId, dto.mapping);
  }

  @Post('imports/:importId/commit')
  @ApiOperation({ summary: "Record every row as an entry of your agency, or none; duplicates are left out unless kept; a file committed before records nothing" })
  commit(@CurrentCaller() caller: Caller, @UuidParam('importId') importId: string, @Body() dto: CommitImportDto): Promise<ImportCommitView> {
    return this.imports.commit(caller, importId, dto.mapping, { keepDuplicateRows: dto.keepDuplicateRows, saveMapping: dto.saveMapping });
  }

  @Get('import-mapping')
  @ApiOperation({ summary: "Your agency's saved import mapping: column names to entry fields, and its words for events to event types" })
  savedMapping(@CurrentCaller() caller: Caller): Promise<SavedMappingView> {
    return this.imports.savedMapping(caller);
  }
}
