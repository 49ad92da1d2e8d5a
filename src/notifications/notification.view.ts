import type { AgencyRef } from '../chronology/entry.view';
import type { Capacity } from '../team/involvement.entity';

/** Why a notification was sent: a significant entry, or a new entry for a child the recipient follows. */
export type NotificationReason = 'significant' | 'followed';

/**
 * A notification as its recipient may see it now: the entry is shown as reading it would show it
 * (its withheld marker where that is all the policy allows), never as it was when it was sent.
 */
export class NotificationView {
  id!: string;
  /** `significant` only where the recipient may read whether the entry is; `team` where they may not; `followed`: a child they follow. */
  reason!: NotificationReason | 'team';
  /** "A significant event was recorded for Connor Reid", in words that say no more than the entry shows. */
  message!: string;
  createdAt!: string;
  readAt!: string | null;
  child!: { id: string; name: string };
  entry!: {
    id: string;
    /** `withheld`: the caller may know the entry exists, and no more. */
    kind: 'entry' | 'withheld';
    /** Recorded (1) or amended (later versions). */
    version: number;
    source: { agency: AgencyRef };
    eventDateDisplay?: string;
    eventType?: { code: string; label: string };
    summary?: string;
    notice?: string;
  };
}

export class InboxView {
  unread!: number;
  items!: NotificationView[];
}

/** One recipient of an entry's notifications, for its author: "seen by the health visitor, 2 Dec 14:03". */
export class SeenByView {
  practitioner!: { id: string; name: string; jobTitle: string | null; agency: string };
  /** Their capacities on the child's team today; empty for someone following the child from off the team. */
  capacities!: Capacity[];
  notifiedAt!: string;
  readAt!: string | null;
}

export class NotificationPreferencesView {
  email!: boolean;
  /** Where emails go (from the identity provider); null when none is known, and then none is sent. */
  address!: string | null;
}
