import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CrossFieldCheck } from '../../common/request-checks';
import { IsCalendarDate, IsCleanText, QueryCount } from '../../common/validators';

export class SearchChildrenQuery {
  /** Matches given name, family name or known-as; every word must match. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string;

  /** Any identifier: CHI or NHS number, school candidate number, police reference. */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  identifier?: string;

  @QueryCount(100)
  limit?: number;
}

/** A data protection officer's look-up must name the child somehow: it is not a way to list every child. */
@CrossFieldCheck<ChildLookupQuery>(({ name, dateOfBirth, identifier }) =>
  name === undefined && dateOfBirth === undefined && identifier === undefined ? [{ field: 'name', problem: 'give a name, a dateOfBirth or an identifier (or more than one) to look a child up by' }] : [],
)
export class ChildLookupQuery extends SearchChildrenQuery {}
