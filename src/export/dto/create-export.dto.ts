import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate, IsCleanText } from '../../common/validators';

/** What to print, for whom and why. Each field's type is checked first (the lowest decorator runs first), so a wrong type is named as such. */
export class CreateExportDto {
  /** An audience profile from GET /api/export-audiences, e.g. childrens-hearing, case-conference, family-copy. */
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'audience must be an audience id from GET /api/export-audiences' })
  audience!: string;

  /** Why the copy is made, e.g. "Children's Hearing on 2 Dec 2026". */
  @MaxLength(300)
  @IsCleanText()
  purpose!: string;

  /** The person or body the copy is for; printed on every page. */
  @MaxLength(200)
  @IsCleanText()
  producedFor!: string;

  /** The lawful basis for this disclosure; the audience profile's default when left out. */
  @IsOptional()
  @MaxLength(500)
  @IsCleanText()
  lawfulBasis?: string;

  /** Events on or after this date. */
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** Events on or before this date. */
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  /** Agency codes. */
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { each: true, message: 'agency must be agency codes' })
  @ArrayMaxSize(20)
  @IsArray()
  agency?: string[];

  /** Event-type codes. */
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { each: true, message: 'eventType must be event-type codes' })
  @ArrayMaxSize(50)
  @IsArray()
  eventType?: string[];

  /** Only significant events (true), or only the others (false). */
  @IsOptional()
  @IsBoolean()
  significant?: boolean;

  /** Include entries marked entered in error, with the reason. Default false. */
  @IsOptional()
  @IsBoolean()
  includeEnteredInError?: boolean;
}
