import { IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { QueryWholeNumber } from '../../common/validators';

export class VerifyAuditQuery {
  /** Check only the links after this one (trusting it); by default the whole chain from its start. */
  @IsOptional()
  @QueryWholeNumber()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  fromSeq?: number;

  /** A checkpoint kept outside the database: the link's position ... */
  @ValidateIf((query: VerifyAuditQuery) => query.checkpointHash !== undefined)
  @QueryWholeNumber()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  checkpointSeq?: number;

  /** ... and its hash (64 hex digits), as printed in the checkpoint line. */
  @ValidateIf((query: VerifyAuditQuery) => query.checkpointSeq !== undefined)
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'checkpointHash must be 64 hexadecimal digits' })
  checkpointHash?: string;
}
