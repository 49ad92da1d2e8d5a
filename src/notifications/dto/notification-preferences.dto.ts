import { IsBoolean } from 'class-validator';

export class NotificationPreferencesDto {
  /** Send an email (with no case content) for each notification. */
  @IsBoolean()
  email!: boolean;
}

export class FollowChildDto {
  /** true: hear of every new entry for the child; false: only of significant ones (as a team member). */
  @IsBoolean()
  follow!: boolean;
}
