import { IsOptional, Matches } from 'class-validator';

export class ListPractitionersQuery {
  /** Agency code, e.g. nhs-lanarkshire. */
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/)
  agency?: string;
}
