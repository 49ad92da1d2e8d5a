import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CrossFieldCheck } from '../../common/request-checks';
import { IsCalendarDate, IsCleanText } from '../../common/validators';
import { identifierProblem, normaliseIdentifier } from '../identifier-format';
import { IDENTIFIER_SCHEMES, IdentifierScheme } from '../child-identifier.entity';

/** The value must have the scheme's format (compared without spaces, in capitals). */
@CrossFieldCheck<ChildIdentifierDto>(({ scheme, value }) => {
  if (!IDENTIFIER_SCHEMES.includes(scheme as IdentifierScheme) || typeof value !== 'string') return [];
  const problem = identifierProblem(scheme!, normaliseIdentifier(value));
  return problem ? [{ field: 'value', problem }] : [];
})
export class ChildIdentifierDto {
  /** chi (Community Health Index), nhs (NHS number), scn (Scottish candidate number), police-ref. */
  @IsIn(IDENTIFIER_SCHEMES)
  scheme!: IdentifierScheme;

  /** Checked against the scheme's format by the service. */
  @IsString()
  @MaxLength(40)
  value!: string;
}

/** An identifier given twice (as written, or once spaces and case are set aside) is the request's mistake, not another child's identifier. */
@CrossFieldCheck<CreateChildDto>(({ identifiers }) => {
  if (!Array.isArray(identifiers)) return [];
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const identifier of identifiers) {
    if (typeof identifier?.scheme !== 'string' || typeof identifier.value !== 'string') continue;
    const key = `${identifier.scheme} ${normaliseIdentifier(identifier.value)}`;
    if (seen.has(key)) repeated.add(key);
    seen.add(key);
  }
  if (repeated.size === 0) return [];
  const named = [...repeated].join(', ');
  return [{ field: 'identifiers', problem: `${repeated.size === 1 ? `the identifier ${named} is` : `the identifiers ${named} are each`} given more than once; give each identifier once` }];
})
export class CreateChildDto {
  @IsCleanText()
  @MaxLength(100)
  givenName!: string;

  @IsCleanText()
  @MaxLength(100)
  familyName!: string;

  @IsOptional()
  @IsCleanText()
  @MaxLength(100)
  knownAs?: string;

  /** YYYY-MM-DD, not in the future. */
  @IsCalendarDate({ notInFuture: true })
  dateOfBirth!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ChildIdentifierDto)
  identifiers?: ChildIdentifierDto[];
}
