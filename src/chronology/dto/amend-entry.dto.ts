import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CrossFieldCheck, InheritKnownCodes } from '../../common/request-checks';
import { NullClearsFields } from '../../common/validation';
import { IsCleanText, MayBeOmitted } from '../../common/validators';
import { clearedFieldProblems } from '../entry-rules';
import { EntryContentDto } from './entry-content.dto';

/** null clears an optional field (and is refused for a field that cannot be cleared, with the request's other problems). */
@NullClearsFields()
@CrossFieldCheck<EntryContentChangesDto>((changes) => clearedFieldProblems(changes))
@InheritKnownCodes(EntryContentDto)
export class EntryContentChangesDto extends PartialType(EntryContentDto) {}

export class AmendEntryDto {
  /** Why the entry is being amended; kept in the history. */
  @IsCleanText()
  @MaxLength(1000)
  reason!: string;

  /** The version you amended; if someone amended it since, the request fails with STALE_VERSION. */
  @MayBeOmitted()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  baseVersion?: number;

  /** Only the fields that change. Send null to clear an optional field. */
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => EntryContentChangesDto)
  changes!: EntryContentChangesDto;
}

export class MarkEnteredInErrorDto {
  @IsCleanText()
  @MaxLength(1000)
  reason!: string;
}
