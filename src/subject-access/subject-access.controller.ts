import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import {
  CloseSubjectAccessRequestDto,
  ExemptEntryDto,
  ExtendSubjectAccessRequestDto,
  ProducePackDto,
  RecordSubjectAccessRequestDto,
  ReleaseEntryDto,
  SubjectAccessListQuery,
} from './dto/subject-access.dto';
import { SubjectAccessPackService } from './subject-access-pack.service';
import { SubjectAccessRequestView } from './subject-access-request.view';
import { ExemptionView, SubjectAccessService } from './subject-access.service';

@ApiTags('subject-access')
@ApiBearerAuth()
@Controller()
export class SubjectAccessController {
  constructor(
    private readonly requests: SubjectAccessService,
    private readonly packs: SubjectAccessPackService,
  ) {}

  @Post('children/:childId/subject-access-requests')
  @ApiOperation({ summary: 'Record a subject access request for a child: who asked, in what capacity, when received (data protection officers); the due date is worked out' })
  record(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Body() dto: RecordSubjectAccessRequestDto): Promise<SubjectAccessRequestView> {
    return this.requests.record(caller, childId, dto);
  }

  @Get('subject-access-requests')
  @ApiOperation({ summary: 'Subject access requests, open ones first and overdue ones flagged (data protection officers)' })
  list(@CurrentCaller() caller: Caller, @Query() query: SubjectAccessListQuery): Promise<SubjectAccessRequestView[]> {
    return this.requests.list(caller, query);
  }

  @Get('subject-access-requests/:requestId')
  @ApiOperation({ summary: 'One subject access request: status, deadline, extensions, releases and packs produced' })
  get(@CurrentCaller() caller: Caller, @UuidParam('requestId') requestId: string): Promise<SubjectAccessRequestView> {
    return this.requests.get(caller, requestId);
  }

  @Post('subject-access-requests/:requestId/extensions')
  @ApiOperation({ summary: 'Extend the deadline by one or two months (at most two in all), with the reason' })
  extend(@CurrentCaller() caller: Caller, @UuidParam('requestId') requestId: string, @Body() dto: ExtendSubjectAccessRequestDto): Promise<SubjectAccessRequestView> {
    return this.requests.extend(caller, requestId, dto);
  }

  @Post('subject-access-requests/:requestId/closure')
  @ApiOperation({ summary: 'Mark the request completed (after a pack was produced) or withdrawn' })
  close(@CurrentCaller() caller: Caller, @UuidParam('requestId') requestId: string, @Body() dto: CloseSubjectAccessRequestDto): Promise<SubjectAccessRequestView> {
    return this.requests.close(caller, requestId, dto);
  }

  @Post('subject-access-requests/:requestId/releases')
  @ApiOperation({ summary: 'Release an entry that names other people to this request, with the reason (the ICO three-step test)' })
  release(@CurrentCaller() caller: Caller, @UuidParam('requestId') requestId: string, @Body() dto: ReleaseEntryDto): Promise<SubjectAccessRequestView> {
    return this.requests.release(caller, requestId, dto);
  }

  @Post('subject-access-requests/:requestId/packs')
  @ApiProduces('application/pdf', 'application/json')
  @ApiOperation({ summary: 'Produce the pack, as a plain-language PDF or machine-readable JSON: recorded and audited as a disclosure; X-Pack-Id and X-Pack-SHA256 headers' })
  async pack(@CurrentCaller() caller: Caller, @UuidParam('requestId') requestId: string, @Body() dto: ProducePackDto, @Res() res: Response): Promise<void> {
    const pack = await this.packs.produce(caller, requestId, dto);
    res.status(201);
    res.setHeader('content-type', pack.format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="subject-access-${pack.packId}.${pack.format}"`);
    res.setHeader('x-pack-id', pack.packId);
    res.setHeader('x-pack-sha256', pack.sha256);
    res.end(pack.body);
  }

  @Get('entries/:entryId/subject-access-exemption')
  @ApiOperation({ summary: "The entry's exemption from subject access in force (exemption null when none) (the recording agency only)" })
  exemption(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string): Promise<ExemptionView> {
    return this.requests.exemptionOf(caller, entryId);
  }

  @Post('entries/:entryId/subject-access-exemption')
  @ApiOperation({ summary: 'Mark an entry exempt from subject access, with the exemption and reason (the recording agency only); packs count it under the exemption and say nothing else of it' })
  exempt(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string, @Body() dto: ExemptEntryDto): Promise<ExemptionView> {
    return this.requests.exempt(caller, entryId, dto);
  }
}
