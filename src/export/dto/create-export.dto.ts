import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate, IsCleanText } from '../../common/validators';

/** What to print, for whom and why. */
export class CreateExportDto {
  /** An audience profile from GET /api/export-audiences, e.g. childrens-hearing, case-conference, family-copy. */
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'audience must be an audience id from GET /api/export-audiences' })
  audience!: string;

  /** Why the copy is made, e.g. "Children's Hearing on 2 Dec 2026". */
  @IsCleanText()
  @MaxLength(300)
  purpose!: string;

  /** The person or body the copy is for; printed on every page. */
  @IsCleanText()
  @MaxLength(200)
  producedFor!: string;

  /** The lawful basis for this disclosure; the audience profile's default when left out. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(500)
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
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z0-9-]{1,64}$/, { each: true, message: 'agency must be agency codes' })
  agency?: string[];

  /** Event-type codes. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { each: true, message: 'eventType must be event-type codes' })
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
