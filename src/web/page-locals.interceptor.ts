import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { AccessService } from '../access/access.service';
import type { ChronicleRequest } from '../common/request-context';
import { NotificationsService } from '../notifications/notifications.service';
import { INBOX_PATH, PageLocals, setPageLocals, withUnreadCount } from './page-locals';

@Injectable()
export class PageLocalsInterceptor implements NestInterceptor {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly access: AccessService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ChronicleRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    setPageLocals(req, res, this.access);
    const locals = res.locals as PageLocals;
    if (!req.user || req.method !== 'GET' || !locals.navigation.some((item) => item.href === INBOX_PATH)) return next.handle();
    // The header's unread count: GET /api/notifications/unread-count's own decision and audit event.
    const caller = { user: req.user, correlationId: req.correlationId, clientAddress: req.ip ?? null };
    const counted = this.notifications.unreadCount(caller).then((unread) => void (locals.navigation = withUnreadCount(locals.navigation, unread)));
    return from(counted).pipe(switchMap(() => next.handle()));
  }
}
