import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { extname, join } from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';
import { DomainError } from '../../common/domain-error';
import type { RenderableDocument, RenderJob, RenderOutcome } from './pdf-render.worker';

/**
 * The render thread's own heap. Laying out 2,000 entries allocates some 450 MB of short-lived
 * objects (pdfkit lays out and encodes every line); in the server's heap that garbage let the
 * process grow past 300 MB. Here it is collected within a bound; a 5,000-entry document (the
 * most an export may hold) renders in well under it.
 */
const RENDER_HEAP_MB: ResourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };
/** Tests give the thread a smaller heap, to see what happens when a document does not fit. */
export const RENDER_HEAP_LIMITS = Symbol('RENDER_HEAP_LIMITS');
/** A thread idle this long is stopped, giving its memory back; the next export starts another (some 300 ms). */
const IDLE_MS = 60_000;

interface Pending {
  job: RenderJob;
  resolve: (rendered: { pdf: Buffer; pages: number }) => void;
  reject: (error: unknown) => void;
}

/**
 * Renders printed chronologies (and letters: subject access packs) on a thread of their own, one at a time in arrival order, so a
 * long layout neither stalls every other request on the event loop nor swells the server's heap.
 */
@Injectable()
export class PdfRenderer implements OnApplicationShutdown {
  private readonly logger = new Logger(PdfRenderer.name);
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private current: Pending | null = null;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(@Optional() @Inject(RENDER_HEAP_LIMITS) private readonly heapLimits: ResourceLimits = RENDER_HEAP_MB) {}

  render(document: RenderableDocument): Promise<{ pdf: Buffer; pages: number }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, document }, resolve, reject });
      this.next();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.clearIdleTimer();
    await this.worker?.terminate();
    this.worker = null;
  }

  private next(): void {
    if (this.current || this.queue.length === 0) return;
    this.clearIdleTimer();
    this.current = this.queue.shift()!;
    this.thread().postMessage(this.current.job);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(join(__dirname, `pdf-render.worker${extname(__filename)}`), {
      resourceLimits: this.heapLimits,
      // Run from the sources (tests, ts-node), the thread compiles them as the server does.
      execArgv: extname(__filename) === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : [],
    });
    worker.on('message', (outcome: RenderOutcome) => this.settle(outcome));
    worker.on('error', (error: Error & { code?: string }) => this.threadFailed(worker, error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.threadFailed(worker, new Error(`The render thread stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(outcome: RenderOutcome): void {
    const pending = this.current;
    if (!pending || pending.job.id !== outcome.id) return;
    this.current = null;
    if ('error' in outcome) pending.reject(new Error(`Rendering the PDF failed: ${outcome.error}`));
    else pending.resolve({ pdf: Buffer.from(outcome.pdf), pages: outcome.pages });
    if (this.queue.length > 0) this.next();
    else this.idleTimer = setTimeout(() => void this.onApplicationShutdown(), IDLE_MS).unref();
  }

  /** The document being rendered fails; the queue goes on with a fresh thread. */
  private threadFailed(worker: Worker, error: Error & { code?: string }): void {
    if (this.worker !== worker) return;
    this.worker = null;
    void worker.terminate();
    const pending = this.current;
    this.current = null;
    if (pending) {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        pending.reject(new DomainError('EXPORT_TOO_LARGE', 'This document is too large to print in one piece; narrow the period or filters'));
      } else {
        this.logger.error(`The PDF render thread failed: ${error.stack ?? error.message}`);
        pending.reject(error);
      }
    }
    this.next();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
