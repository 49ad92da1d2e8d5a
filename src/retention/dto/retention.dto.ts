import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { CrossFieldCheck } from '../../common/request-checks';
import { IsCalendarDate, IsCleanText } from '../../common/validators';

const REASON = { min: 10, max: 2000 };

/** Which of a child's records: those in one retention class. */
export class RetentionRecordDto {
  @IsUUID(undefined, { message: 'childId must be a child id' })
  childId!: string;

  @MaxLength(100)
  @IsString()
  retentionClass!: string;

  @MinLength(REASON.min)
  @MaxLength(REASON.max)
  @IsCleanText()
  reason!: string;
}

export class ExtendRetentionDto extends RetentionRecordDto {
  /** The new review date: later than the one reached. */
  @IsCalendarDate()
  extendTo!: string;
}

@CrossFieldCheck<PlaceLegalHoldDto>((dto) => {
  if (dto.scope === 'child' && !dto.childId) return [{ field: 'childId', problem: 'childId is required for a hold on one child' }];
  if (dto.scope === 'agency' && !dto.agency) return [{ field: 'agency', problem: 'agency is required for a hold on one agency' }];
  if (dto.scope !== 'child' && dto.childId) return [{ field: 'childId', problem: 'childId is only for a hold on one child' }];
  if (dto.scope !== 'agency' && dto.agency) return [{ field: 'agency', problem: 'agency is only for a hold on one agency' }];
  return [];
})
export class PlaceLegalHoldDto {
  @IsIn(['child', 'agency', 'all'], { message: 'scope must be child, agency or all' })
  scope!: 'child' | 'agency' | 'all';

  @IsOptional()
  @IsUUID(undefined, { message: 'childId must be a child id' })
  childId?: string;

  /** The agency's code, for a hold on one agency's records. */
  @IsOptional()
  @MaxLength(100)
  @IsString()
  agency?: string;

  @MinLength(REASON.min)
  @MaxLength(REASON.max)
  @IsCleanText()
  reason!: string;

  /** Who asked for it, e.g. "Scottish Child Abuse Inquiry, preservation request of 12 Nov 2026". */
  @MaxLength(300)
  @IsCleanText()
  requestedBy!: string;
}

export class LiftLegalHoldDto {
  @MinLength(REASON.min)
  @MaxLength(REASON.max)
  @IsCleanText()
  reason!: string;
}
