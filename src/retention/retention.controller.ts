import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { ExtendRetentionDto, LiftLegalHoldDto, PlaceLegalHoldDto, RetentionRecordDto } from './dto/retention.dto';
import type { ReviewRecord } from './retention-review';
import { DestructionCertificateView, LegalHoldView, RetentionService } from './retention.service';

@ApiTags('retention')
@ApiBearerAuth()
@Controller('retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('due')
  @ApiOperation({ summary: "Children's records that have reached their retention review date, by child and class, with any legal hold on them (data protection officers)" })
  due(@CurrentCaller() caller: Caller): Promise<(ReviewRecord & { held: boolean })[]> {
    return this.retention.due(caller);
  }

  @Get('due/:childId/:retentionClass')
  @ApiOperation({ summary: "One child's records in one class, if they have reached review (data protection officers)" })
  dueRecord(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Param('retentionClass') retentionClass: string): Promise<ReviewRecord & { held: boolean }> {
    return this.retention.dueRecord(caller, childId, retentionClass);
  }

  @Post('extensions')
  @ApiOperation({ summary: "Keep a child's records in a class to a later review date, with the reason" })
  extend(@CurrentCaller() caller: Caller, @Body() dto: ExtendRetentionDto): Promise<ReviewRecord> {
    return this.retention.extend(caller, dto);
  }

  @Post('destructions')
  @ApiOperation({ summary: "Confirm the destruction of a child's records in a class that has reached review and is under no legal hold: content removed, tombstones and a certificate kept" })
  destroy(@CurrentCaller() caller: Caller, @Body() dto: RetentionRecordDto): Promise<DestructionCertificateView> {
    return this.retention.destroy(caller, dto);
  }

  @Get('certificates/:certificateId')
  @ApiOperation({ summary: 'A destruction certificate' })
  certificate(@CurrentCaller() caller: Caller, @UuidParam('certificateId') certificateId: string): Promise<DestructionCertificateView> {
    return this.retention.certificate(caller, certificateId);
  }

  @Get('legal-holds')
  @ApiOperation({ summary: 'Legal holds, standing ones first' })
  holds(@CurrentCaller() caller: Caller): Promise<LegalHoldView[]> {
    return this.retention.listHolds(caller);
  }

  @Get('legal-holds/:holdId')
  @ApiOperation({ summary: 'One legal hold' })
  hold(@CurrentCaller() caller: Caller, @UuidParam('holdId') holdId: string): Promise<LegalHoldView> {
    return this.retention.hold(caller, holdId);
  }

  @Post('legal-holds')
  @ApiOperation({ summary: 'Place a legal hold (scope child, agency or all; reason; who asked for it): destruction is blocked while it stands' })
  place(@CurrentCaller() caller: Caller, @Body() dto: PlaceLegalHoldDto): Promise<LegalHoldView> {
    return this.retention.placeHold(caller, dto);
  }

  @Post('legal-holds/:holdId/lift')
  @ApiOperation({ summary: 'Lift a legal hold, with the reason' })
  lift(@CurrentCaller() caller: Caller, @UuidParam('holdId') holdId: string, @Body() dto: LiftLegalHoldDto): Promise<LegalHoldView> {
    return this.retention.liftHold(caller, holdId, dto);
  }
}
