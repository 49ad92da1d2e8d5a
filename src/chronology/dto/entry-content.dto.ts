import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CrossFieldCheck, IsKnownCode } from '../../common/request-checks';
import { isRealCalendarDate } from '../../common/dates';
import { IsCalendarDate, IsCleanText } from '../../common/validators';
import { contentRuleProblems } from '../entry-rules';
import {
  DATE_PRECISIONS,
  DatePrecision,
  INFORMATION_SOURCES,
  InformationSource,
  NATURES,
  Nature,
  SENSITIVITIES,
  Sensitivity,
  WELLBEING_INDICATORS,
  WellbeingIndicator,
} from '../entry-vocabulary';

const LONG_TEXT = 10_000;
const MEDIUM_TEXT = 4_000;

/**
 * What a practitioner writes in a chronology entry. Source agency, author and recorded-at are not
 * here: they come from the caller's token and the server clock. The rules across its fields are
 * checked with the fields (an amendment's changes are checked once applied to the entry).
 */
@CrossFieldCheck<EntryContentDto>((dto) => {
  const date = (value: unknown): string | null => (typeof value === 'string' && isRealCalendarDate(value) ? value : null);
  const eventDate = date(dto.eventDate);
  return contentRuleProblems({
    eventDate: eventDate ?? '',
    eventEndDate: eventDate ? date(dto.eventEndDate) : null,
    datePrecision: (DATE_PRECISIONS as readonly unknown[]).includes(dto.datePrecision) ? dto.datePrecision! : 'day',
    actionTaken: dto.actionTaken ?? null,
    noActionReason: dto.noActionReason ?? null,
  });
})
export class EntryContentDto {
  /** When it happened (start of the period), YYYY-MM-DD; not in the future. */
  @IsCalendarDate({ notInFuture: true })
  eventDate!: string;

  /** End of the period, for events that lasted (e.g. a placement); not in the future. */
  @IsOptional()
  @IsCalendarDate({ notInFuture: true })
  eventEndDate?: string;

  /** How much of eventDate is known: day, month, year or approximate. Default day. */
  @IsOptional()
  @IsIn(DATE_PRECISIONS)
  datePrecision?: DatePrecision;

  /** HH:MM, to order events within a day. */
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'eventTime must be HH:MM (24-hour)' })
  eventTime?: string;

  /** A code from GET /api/event-types (health-assessment), not its label (Health assessment). */
  @IsKnownCode('event-type')
  @IsString()
  @MaxLength(80)
  eventType!: string;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(WELLBEING_INDICATORS.length)
  @IsIn(WELLBEING_INDICATORS, { each: true })
  wellbeingIndicators?: WellbeingIndicator[];

  /** A short factual summary in plain English: children and families read it. */
  @IsCleanText()
  @MaxLength(500)
  summary!: string;

  @IsOptional()
  @IsCleanText()
  @MaxLength(LONG_TEXT)
  detail?: string;

  @IsOptional()
  @IsBoolean()
  significant?: boolean;

  @IsOptional()
  @IsIn(NATURES)
  nature?: Nature;

  @IsOptional()
  @IsCleanText()
  @MaxLength(MEDIUM_TEXT)
  impactOnChild?: string;

  /** Give either actionTaken or noActionReason. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(MEDIUM_TEXT)
  actionTaken?: string;

  @IsOptional()
  @IsCleanText()
  @MaxLength(MEDIUM_TEXT)
  noActionReason?: string;

  @IsOptional()
  @IsCleanText()
  @MaxLength(MEDIUM_TEXT)
  outcome?: string;

  /** Professional analysis, kept apart from the facts. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(LONG_TEXT)
  professionalAnalysis?: string;

  /** The child's or family's own view, in their words. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(MEDIUM_TEXT)
  childView?: string;

  @IsOptional()
  @IsIn(INFORMATION_SOURCES)
  informationSource?: InformationSource;

  /** Reference to the originating record in the agency's own system. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(200)
  sourceReference?: string;

  @IsOptional()
  @IsIn(SENSITIVITIES)
  sensitivity?: Sensitivity;

  @IsOptional()
  @IsCleanText()
  @MaxLength(500)
  lawfulBasis?: string;

  @IsOptional()
  @IsBoolean()
  namesThirdParties?: boolean;
}
