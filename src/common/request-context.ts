import type { Request } from 'express';
import type { Principal } from '../auth/principal';

export interface ChronicleRequest extends Request {
  correlationId: string;
  user?: Principal;
}
