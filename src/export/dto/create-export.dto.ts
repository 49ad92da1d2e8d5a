import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ChronologyFilterFields } from '../../chronology/dto/chronology-filters';
import { IsKnownCode } from '../../common/request-checks';
import { IsCleanText } from '../../common/validators';

/** What to print, for whom and why, and which entries: the chronology's own filters. Each field's type is checked first (the lowest decorator runs first), so a wrong type is named as such. */
export class CreateExportDto extends ChronologyFilterFields('body') {
  /** An audience profile from GET /api/export-audiences, e.g. childrens-hearing, case-conference, family-copy. */
  @IsKnownCode('export-audience')
  @MaxLength(80)
  @IsString()
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
}
