import { Global, Module } from '@nestjs/common';

/**
 * The time, as the services see it. Injected rather than read from `new Date()` so a test can put
 * the server at a moment of its choosing (a retention date passing, a notification's "seen" time)
 * with `overrideProvider(Clock)`. The job queue's own scheduling keeps PostgreSQL's clock.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until moved: for tests. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(moment: Date): void {
    this.current = new Date(moment);
  }
}

@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }], exports: [Clock] })
export class ClockModule {}
