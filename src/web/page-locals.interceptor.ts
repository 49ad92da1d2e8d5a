import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { AccessService } from '../access/access.service';
import type { ChronicleRequest } from '../common/request-context';
import { setPageLocals } from './page-locals';

@Injectable()
export class PageLocalsInterceptor implements NestInterceptor {
  constructor(private readonly access: AccessService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    setPageLocals(context.switchToHttp().getRequest<ChronicleRequest>(), context.switchToHttp().getResponse<Response>(), this.access);
    return next.handle();
  }
}
