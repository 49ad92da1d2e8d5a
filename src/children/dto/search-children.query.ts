import { IsOptional, IsString, MaxLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { CrossFieldCheck } from '../../common/request-checks';
import { IsCalendarDate, IsCleanText, QueryCount } from '../../common/validators';
import { parseSearchIdentifier, SEARCH_IDENTIFIER_FORMAT } from '../identifier-format';

/** An identifier of some scheme: one no child could have is refused, never answered with nobody. */
@ValidatorConstraint({ name: 'searchIdentifier' })
class SearchIdentifier implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value !== 'string' || value.length > 60 || parseSearchIdentifier(value) !== null;
  }

  defaultMessage(): string {
    return `identifier must be ${SEARCH_IDENTIFIER_FORMAT}`;
  }
}

export class SearchChildrenQuery {
  /** Matches given name, family name or known-as; every word must match. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string;

  /** Any identifier: CHI or NHS number, school candidate number, police reference; alone, or as `scheme:value` (`chi:0101011234`). */
  @IsOptional()
  @Validate(SearchIdentifier)
  @IsString()
  @MaxLength(60)
  identifier?: string;

  @QueryCount(100)
  limit?: number;
}

/** A data protection officer's look-up must name the child somehow: it is not a way to list every child. */
@CrossFieldCheck<ChildLookupQuery>(({ name, dateOfBirth, identifier }) =>
  name === undefined && dateOfBirth === undefined && identifier === undefined ? [{ field: 'name', problem: 'give a name, a dateOfBirth or an identifier (or more than one) to look a child up by' }] : [],
)
export class ChildLookupQuery extends SearchChildrenQuery {}
