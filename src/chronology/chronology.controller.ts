import { Body, Controller, Get, Header, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { ChronologyService } from './chronology.service';
import { AmendEntryDto, MarkEnteredInErrorDto } from './dto/amend-entry.dto';
import { ChronologyQuery } from './dto/chronology.query';
import { EntryContentDto } from './dto/entry-content.dto';
import { ChronologyPage, EntryHistoryView, EntryView, WithheldEntryView } from './entry.view';
import { EventTaxonomyService, EventType } from './event-taxonomy.service';

@ApiTags('chronology')
@ApiBearerAuth()
@Controller()
export class ChronologyController {
  constructor(
    private readonly chronology: ChronologyService,
    private readonly taxonomy: EventTaxonomyService,
  ) {}

  @Get('event-types')
  @ApiOperation({ summary: 'The event-type taxonomy entries are recorded against' })
  eventTypes(): EventType[] {
    return this.taxonomy.all();
  }

  @Post('children/:childId/entries')
  @ApiOperation({ summary: "Add an entry to the child's chronology as your agency; you must be on the child's team" })
  record(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Body() dto: EntryContentDto): Promise<EntryView> {
    return this.chronology.recordEntry(caller, childId, dto);
  }

  @Get('children/:childId/chronology')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'The merged multi-agency chronology in event-date order, filtered and paginated' })
  @ApiOkResponse({ type: ChronologyPage })
  read(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Query() query: ChronologyQuery): Promise<string> {
    // Its JSON is written while the read's audit event commits (a whole chronology takes milliseconds to write).
    return this.chronology.readChronology(caller, childId, query, (page) => JSON.stringify(page));
  }

  @Get('entries/:entryId')
  @ApiOperation({ summary: 'One entry as currently recorded, showing what the access policy lets you read; a withheld marker if you may read none of it' })
  entry(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string): Promise<EntryView | WithheldEntryView> {
    return this.chronology.readEntry(caller, entryId);
  }

  @Get('entries/:entryId/history')
  @ApiOperation({ summary: 'Every version of an entry, oldest first, with who changed it, when and why' })
  history(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string): Promise<EntryHistoryView> {
    return this.chronology.readHistory(caller, entryId);
  }

  @Post('entries/:entryId/amendments')
  @ApiOperation({ summary: 'Amend an entry (source agency only): a new version with a reason; nothing is overwritten' })
  amend(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string, @Body() dto: AmendEntryDto): Promise<EntryView> {
    return this.chronology.amend(caller, entryId, dto);
  }

  @Post('entries/:entryId/entered-in-error')
  @ApiOperation({ summary: 'Mark an entry as entered in error, with a reason (source agency only); it stays in the history' })
  markEnteredInError(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string, @Body() dto: MarkEnteredInErrorDto): Promise<EntryView> {
    return this.chronology.markEnteredInError(caller, entryId, dto);
  }
}
