import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsInt, IsObject, IsOptional, Max, Min, registerDecorator, ValidateNested, ValidationArguments } from 'class-validator';
import type { ColumnMapping, ImportField } from '../column-mapping';
import type { EventTypeMapping } from '../event-type-mapping';
import { MAX_MAPPED_NAMES } from '../import-limits';

const MAX_NAME_LENGTH = 200;

/**
 * Names to names, as a mapping is: text keys and text values, not too many nor too long. Whether
 * each name means something for this file is the import's check (checkImportMapping), which lists
 * every problem at once in the file's own words.
 */
function IsNameMap(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNameMap',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= MAX_MAPPED_NAMES &&
          Object.entries(value).every(([key, name]) => key.length <= MAX_NAME_LENGTH && typeof name === 'string' && name.length <= MAX_NAME_LENGTH),
        defaultMessage: (args: ValidationArguments) => `${args.property} must map names to names (text of at most ${MAX_NAME_LENGTH} characters, at most ${MAX_MAPPED_NAMES} of them)`,
      },
    });
}

export class ImportMappingDto {
  /** Column name (row 1 of the file) → entry field (eventDate, eventType, summary, ...). Columns not named are not imported. */
  @IsDefined()
  @IsObject()
  @IsNameMap()
  columns!: Record<string, ImportField> & ColumnMapping;

  /** The agency's own word for an event → event-type code (GET /api/event-types). Taxonomy codes and labels need no mapping. */
  @IsOptional()
  @IsObject()
  @IsNameMap()
  eventTypes?: EventTypeMapping;
}

export class PreviewImportDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ImportMappingDto)
  mapping!: ImportMappingDto;
}

export class CommitImportDto extends PreviewImportDto {
  /** Rows (as numbered in the file) that duplicate an existing entry and are to be recorded all the same. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @IsInt({ each: true })
  @Min(2, { each: true })
  @Max(1_000_000, { each: true })
  keepDuplicateRows?: number[];

  /** Keep this mapping for your agency's next file (added to what it has saved). */
  @IsOptional()
  @IsBoolean()
  saveMapping?: boolean;
}
