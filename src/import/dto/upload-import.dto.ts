import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The form fields sent with the file. */
export class UploadImportDto {
  /** The worksheet to read from a workbook; the first visible one when left out. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  worksheet?: string;
}
