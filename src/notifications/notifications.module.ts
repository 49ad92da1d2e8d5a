import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { NotificationEmailService } from './notification-email.service';
import { NotificationSettingsService } from './notification-settings.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Telling the team of what matters: notifications, the inbox, following a child, emails (docs/notifications.md). */
@Module({
  imports: [AccessModule, ChronologyModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationSettingsService, NotificationEmailService],
  exports: [NotificationsService, NotificationSettingsService],
})
export class NotificationsModule {}
