import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { NotificationPreferencesDto } from '../../notifications/dto/notification-preferences.dto';
import { NotificationSettingsService } from '../../notifications/notification-settings.service';
import { NotificationsService } from '../../notifications/notifications.service';
import { ApiFormValidation, formErrorsView, formText } from '../forms';
import { WebPage } from '../web-page.decorator';

/**
 * The inbox (GET /api/notifications' twin), marking one read, the "seen by" trail of an entry for
 * its author, and the email preference: the same services as the API, audited the same way.
 */
@WebPage()
@Controller()
export class NotificationsPage {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly settings: NotificationSettingsService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get('inbox')
  async inbox(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    res.render('pages/notifications', { inbox: await this.notifications.inbox(caller) });
  }

  @Post('inbox/:notificationId/read')
  async markRead(@CurrentCaller() caller: Caller, @UuidParam('notificationId') notificationId: string, @Res() res: Response): Promise<void> {
    await this.notifications.markRead(caller, notificationId);
    res.redirect(303, '/inbox');
  }

  @Get('inbox/seen-by/:entryId')
  async seenBy(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string, @Res() res: Response): Promise<void> {
    res.render('pages/seen-by', { seenBy: await this.notifications.seenBy(caller, entryId) });
  }

  @Get('settings/notifications')
  async preferences(@CurrentCaller() caller: Caller, @Query('done') done: unknown, @Res() res: Response): Promise<void> {
    res.render('pages/notification-settings', { preferences: await this.settings.preferences(caller), saved: done === 'saved' });
  }

  @Post('settings/notifications')
  async setPreferences(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const choice = formText(body, 'email');
    const checked = await this.forms.check(NotificationPreferencesDto, { email: choice === 'yes' ? true : choice === 'no' ? false : choice }, { email: { field: 'email', text: 'Select whether to be emailed' } });
    if ('errors' in checked) {
      res.status(400).render('pages/notification-settings', { preferences: await this.settings.preferences(caller), errors: formErrorsView(checked.errors, ['email']) });
      return;
    }
    await this.settings.setPreferences(caller, checked.value.email);
    // Redirected, as the other pages' saves are, so that reloading the page does not send the form again.
    res.redirect(303, '/settings/notifications?done=saved');
  }
}
