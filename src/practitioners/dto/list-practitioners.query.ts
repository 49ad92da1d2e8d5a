import { IsOptional, Matches } from 'class-validator';
import { IsKnownCode } from '../../common/request-checks';

export class ListPractitionersQuery {
  /** Agency code, e.g. nhs-lanarkshire (GET /api/agencies). */
  @IsOptional()
  @IsKnownCode('agency')
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'agency must be an agency code' })
  agency?: string;
}
