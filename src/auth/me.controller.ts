import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { Principal } from './principal';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'Who am I: subject, name, agency and role, as this service sees them' })
  me(@CurrentCaller() caller: Caller): Principal {
    return caller.user;
  }
}
