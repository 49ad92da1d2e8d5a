import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { CrossFieldCheck, IsKnownCode } from '../../common/request-checks';
import { IsCalendarDate, IsCleanText } from '../../common/validators';

const REASON = { min: 10, max: 2000 };
const LEGAL_HOLD_SCOPES = ['child', 'agency', 'all'] as const;

/** Which of a child's records: those in one retention class. */
export class RetentionRecordDto {
  @IsUUID(undefined, { message: 'childId must be a child id' })
  childId!: string;

  /** A class of config/records-management.json (the record of processing lists them). */
  @IsKnownCode('retention-class')
  @MaxLength(100)
  @IsString()
  retentionClass!: string;

  @MinLength(REASON.min)
  @MaxLength(REASON.max)
  @IsCleanText()
  reason!: string;
}

export class ExtendRetentionDto extends RetentionRecordDto {
  /** The new review date: after today, and later than the one reached (checked against the record). */
  @IsCalendarDate({ afterToday: true })
  extendTo!: string;
}

/** What a scope needs and what it has no place for, every problem at once; an unknown scope is its own problem. */
@CrossFieldCheck<PlaceLegalHoldDto>(({ scope, childId, agency }) => {
  if (!(LEGAL_HOLD_SCOPES as readonly unknown[]).includes(scope)) return [];
  return [
    ...(scope === 'child' && childId === undefined ? [{ field: 'childId', problem: 'childId is required for a hold on one child' }] : []),
    ...(scope !== 'child' && childId !== undefined ? [{ field: 'childId', problem: 'childId is only for a hold on one child' }] : []),
    ...(scope === 'agency' && agency === undefined ? [{ field: 'agency', problem: 'agency is required for a hold on one agency' }] : []),
    ...(scope !== 'agency' && agency !== undefined ? [{ field: 'agency', problem: 'agency is only for a hold on one agency' }] : []),
  ];
})
export class PlaceLegalHoldDto {
  @IsIn(LEGAL_HOLD_SCOPES, { message: 'scope must be child, agency or all' })
  scope!: (typeof LEGAL_HOLD_SCOPES)[number];

  @IsOptional()
  @IsUUID(undefined, { message: 'childId must be a child id' })
  childId?: string;

  /** The agency's code (GET /api/agencies), for a hold on one agency's records. */
  @IsOptional()
  @IsKnownCode('agency')
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
