import { ArgumentsHost, Catch, ExceptionFilter, Injectable, NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { AccessService } from '../access/access.service';
import { sendError, toDomainError } from '../common/all-exceptions.filter';
import { methodsAt } from '../common/allowed-methods';
import { DomainError } from '../common/domain-error';
import type { ChronicleRequest } from '../common/request-context';
import { setPageLocals } from './page-locals';
import { isPagePath } from '../common/request-paths';

/** Nest raises NotFoundException only for a request no route matched (in its method); services say "not found" with a DomainError. */
@Catch(NotFoundException)
@Injectable()
export class UnknownPageFilter implements ExceptionFilter {
  constructor(private readonly access: AccessService) {}

  catch(exception: NotFoundException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<ChronicleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    // Outside the API, the sign-in routes and the health check, an address that is no route is a missing page, not a JSON error.
    if (!isPagePath(req.path)) {
      // An address some route has, in a method none of them takes, is told which methods it takes rather than that it is not there.
      const allowed = methodsAt(req.app, req.path);
      if (allowed.length === 0) return sendError(res, toDomainError(exception), req.correlationId);
      res.setHeader('Allow', allowed.join(', '));
      return sendError(res, new DomainError('METHOD_NOT_ALLOWED', `This address takes ${allowed.join(', ')}, not ${req.method}`), req.correlationId);
    }
    setPageLocals(req, res, this.access);
    res.status(404).render('errors/not-found', { correlationId: req.correlationId });
  }
}
