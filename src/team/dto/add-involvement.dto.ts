import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../../common/validators';
import { CAPACITIES, Capacity } from '../involvement.entity';

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
