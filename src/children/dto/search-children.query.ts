import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, IsCleanText } from '../../common/validators';

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

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
