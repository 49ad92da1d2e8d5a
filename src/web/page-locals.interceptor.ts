import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import type { ChronicleRequest } from '../common/request-context';
import { setPageLocals } from './page-locals';

@Injectable()
export class PageLocalsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    setPageLocals(context.switchToHttp().getRequest<ChronicleRequest>(), context.switchToHttp().getResponse<Response>());
    return next.handle();
  }
}
