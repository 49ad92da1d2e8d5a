import { Matches } from 'class-validator';

export class AuditEventIdParam {
  /** Audit event ids are positive 64-bit integers. */
  @Matches(/^(?!0)\d{1,18}$/, { message: 'id must be an audit event id (a positive whole number)' })
  id!: string;
}
