import { ArgumentsHost, Catch, ExceptionFilter, Injectable, NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { AccessService } from '../access/access.service';
import { sendError, toDomainError } from '../common/all-exceptions.filter';
import type { ChronicleRequest } from '../common/request-context';
import { setPageLocals } from './page-locals';
import { isPagePath } from '../common/request-paths';

/** Nest raises NotFoundException only for a request no route matched; services say "not found" with a DomainError. */
@Catch(NotFoundException)
@Injectable()
export class UnknownPageFilter implements ExceptionFilter {
  constructor(private readonly access: AccessService) {}

  catch(exception: NotFoundException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<ChronicleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    // Outside the API, the sign-in routes and the health check, an address that is no route is a missing page, not a JSON error.
    if (!isPagePath(req.path)) return sendError(res, toDomainError(exception), req.correlationId);
    setPageLocals(req, res, this.access);
    res.status(404).render('errors/not-found', { correlationId: req.correlationId });
  }
}
