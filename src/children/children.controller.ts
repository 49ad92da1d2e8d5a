import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { ChildView } from './child.view';
import { ChildrenService } from './children.service';
import { CreateChildDto } from './dto/create-child.dto';
import { SearchChildrenQuery } from './dto/search-children.query';

@ApiTags('children')
@ApiBearerAuth()
@Controller('children')
export class ChildrenController {
  constructor(private readonly children: ChildrenService) {}

  @Post()
  @ApiOperation({ summary: 'Register a child (administrators)' })
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateChildDto): Promise<ChildView> {
    return this.children.create(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Children you may see (for a practitioner: those on whose team you are), optionally by name, date of birth or identifier' })
  search(@CurrentCaller() caller: Caller, @Query() query: SearchChildrenQuery): Promise<ChildView[]> {
    return this.children.search(caller, query);
  }

  @Get(':childId')
  @ApiOperation({ summary: "A child's record; 404 unless you are on the child's team (or an administrator)" })
  get(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string): Promise<ChildView> {
    return this.children.get(caller, childId);
  }
}
