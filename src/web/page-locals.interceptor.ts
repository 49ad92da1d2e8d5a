import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { AccessService } from '../access/access.service';
import type { ChronicleRequest } from '../common/request-context';
import { NotificationsService } from '../notifications/notifications.service';
import { childPagesFor, INBOX_PATH, PageLocals, setPageLocals, withUnreadCount } from './page-locals';

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
    if (!req.user) return next.handle();
    const caller = { user: req.user, correlationId: req.correlationId, clientAddress: req.ip ?? null };
    const childId = req.params?.childId;
    // A page about one child offers only what the caller may do for that child (decided as the pages' services decide; records nothing).
    const offered = typeof childId === 'string' && isUUID(childId) ? this.access.childActions(caller, childId).then((may) => void (locals.childPages = childPagesFor(req, this.access, may))) : Promise.resolve();
    if (req.method !== 'GET' || !locals.navigation.some((item) => item.href === INBOX_PATH)) return from(offered).pipe(switchMap(() => next.handle()));
    // The header's unread count: GET /api/notifications/unread-count's own decision and audit event.
    const counted = this.notifications.unreadCount(caller).then((unread) => void (locals.navigation = withUnreadCount(locals.navigation, unread)));
    return from(Promise.all([offered, counted])).pipe(switchMap(() => next.handle()));
  }
}
