import { IsOptional, IsUUID } from 'class-validator';

export class ExplainPolicyQuery {
  @IsUUID()
  childId!: string;

  /** Explain each field of this entry of the child's chronology. */
  @IsOptional()
  @IsUUID()
  entryId?: string;
}
