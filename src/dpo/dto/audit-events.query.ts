import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { AUDIT_OUTCOMES, AuditOutcome, PURPOSES_OF_USE, PurposeOfUse } from '../../audit/audit-vocabulary';
import { queryBoolean } from '../../common/query-transforms';
import { CrossFieldCheck, IsKnownCode } from '../../common/request-checks';
import { QueryCount } from '../../common/validators';
import { AuditPeriodQuery } from './audit-time';

/** The data protection officer's filters over the audit trail; every one is optional and they combine with AND. */
@CrossFieldCheck<AuditEventsQuery>(({ childId, childIdentifier }) =>
  childId !== undefined && childIdentifier !== undefined ? [{ field: 'childIdentifier', problem: 'give childId or childIdentifier, not both' }] : [],
)
export class AuditEventsQuery extends AuditPeriodQuery {
  @IsOptional()
  @IsUUID()
  childId?: string;

  /** A child's identifier as `scheme:value`, e.g. `chi:0101011234`: how a subject access request names the child. */
  @IsOptional()
  @Matches(/^(chi|nhs|scn|police-ref):[A-Za-z0-9 /-]{1,60}$/, { message: 'childIdentifier must be scheme:value, with scheme chi, nhs, scn or police-ref' })
  childIdentifier?: string;

  /** The user's subject (their identity-provider id), as shown in each event. */
  @IsOptional()
  @Matches(/^[\x21-\x7E]{1,200}$/, { message: 'actor must be a subject identifier' })
  actor?: string;

  /** The user's agency code (GET /api/agencies). */
  @IsOptional()
  @IsKnownCode('agency')
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'agency must be an agency code' })
  agency?: string;

  /** An action such as `chronology.read`, or a family of them such as `entry.*` (docs/audit.md lists them). */
  @IsOptional()
  @IsKnownCode('audit-action')
  @Matches(/^[a-z-]+(\.[a-z-]+)*(\.\*)?$/, { message: 'action must be an action name such as chronology.read, or a prefix such as entry.*' })
  action?: string;

  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  @IsOptional()
  @IsIn(PURPOSES_OF_USE)
  purpose?: PurposeOfUse;

  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  breakGlass?: boolean;
}

export class AuditEventsPageQuery extends AuditEventsQuery {
  @QueryCount(500)
  limit?: number;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}
