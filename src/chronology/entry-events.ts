import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../common/caller.decorator';
import type { VersionChange } from './entry-vocabulary';

/** An entry recorded or changed, as other modules hear of it: ids and flags, never content. */
export interface EntryWritten {
  caller: Caller;
  entryId: string;
  childId: string;
  version: number;
  change: VersionChange;
  significant: boolean;
}

/** Runs on the write's own transaction: what it does commits or rolls back with the entry. */
export type EntryWrittenListener = (manager: EntityManager, event: EntryWritten) => Promise<void>;

/**
 * Lets modules that build on the chronology (notifications) act on its writes without the
 * chronology depending on them. Listeners register in their module's `onModuleInit`.
 */
@Injectable()
export class EntryEvents {
  private readonly listeners: EntryWrittenListener[] = [];

  onWritten(listener: EntryWrittenListener): void {
    this.listeners.push(listener);
  }

  async written(manager: EntityManager, event: EntryWritten): Promise<void> {
    for (const listener of this.listeners) await listener(manager, event);
  }
}
