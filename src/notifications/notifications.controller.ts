import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { FollowChildDto, NotificationPreferencesDto } from './dto/notification-preferences.dto';
import { InboxView, NotificationPreferencesView, NotificationView, SeenByView } from './notification.view';
import { NotificationSettingsService } from './notification-settings.service';
import { NotificationsService } from './notifications.service';

export class InboxQuery {
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly settings: NotificationSettingsService,
  ) {}

  @Get('notifications')
  @ApiOperation({ summary: 'Your notifications, newest first, each showing its entry as the access policy lets you read it now' })
  inbox(@CurrentCaller() caller: Caller, @Query() query: InboxQuery): Promise<InboxView> {
    return this.notifications.inbox(caller, { unreadOnly: query.unread });
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: 'How many of your notifications you have not read' })
  async unreadCount(@CurrentCaller() caller: Caller): Promise<{ unread: number }> {
    return { unread: await this.notifications.unreadCount(caller) };
  }

  @Post('notifications/:notificationId/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your notifications as read' })
  markRead(@CurrentCaller() caller: Caller, @UuidParam('notificationId') notificationId: string): Promise<NotificationView> {
    return this.notifications.markRead(caller, notificationId);
  }

  @Get('entries/:entryId/seen-by')
  @ApiOperation({ summary: "The entry's author only: who was notified of it, and when each read it" })
  seenBy(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string): Promise<SeenByView[]> {
    return this.notifications.seenBy(caller, entryId);
  }

  @Put('children/:childId/follow')
  @ApiOperation({ summary: 'Hear of every new entry for a child (follow: true), or only of significant ones (false)' })
  follow(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Body() dto: FollowChildDto): Promise<{ childId: string; following: boolean }> {
    return this.settings.follow(caller, childId, dto.follow);
  }

  @Get('me/notification-preferences')
  @ApiOperation({ summary: 'Whether you are emailed of each notification' })
  preferences(@CurrentCaller() caller: Caller): Promise<NotificationPreferencesView> {
    return this.settings.preferences(caller);
  }

  @Put('me/notification-preferences')
  @ApiOperation({ summary: 'Choose whether to be emailed (the email carries no case content: it asks you to sign in)' })
  setPreferences(@CurrentCaller() caller: Caller, @Body() dto: NotificationPreferencesDto): Promise<NotificationPreferencesView> {
    return this.settings.setPreferences(caller, dto.email);
  }
}
