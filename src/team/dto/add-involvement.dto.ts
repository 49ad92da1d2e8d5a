import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { CrossFieldCheck } from '../../common/request-checks';
import { IsCalendarDate } from '../../common/validators';
import { CAPACITIES, Capacity } from '../involvement.entity';

@CrossFieldCheck<AddInvolvementDto>(({ startsOn, endsOn }) =>
  typeof startsOn === 'string' && typeof endsOn === 'string' && endsOn < startsOn ? [{ field: 'endsOn', problem: `endsOn (${endsOn}) must not be before startsOn (${startsOn})` }] : [],
)
export class AddInvolvementDto {
  @IsUUID()
  practitionerId!: string;

  @IsIn(CAPACITIES)
  capacity!: Capacity;

  @IsCalendarDate()
  startsOn!: string;

  @IsOptional()
  @IsCalendarDate()
  endsOn?: string;
}

export class EndInvolvementDto {
  @IsCalendarDate()
  endsOn!: string;
}
