import type { Response } from 'express';

/**
 * Writes a long response in pieces, honouring back-pressure. Headers go out with the first piece,
 * so whatever fails before it (a permission check, say) still gets the usual JSON error.
 */
export class ResponseStream {
  private started = false;

  constructor(
    private readonly res: Response,
    private readonly head: { contentType: string; filename: string; prefix: string; suffix: string },
  ) {}

  /** False once the client has gone: stop producing. */
  async write(chunk: string): Promise<boolean> {
    if (this.res.destroyed) return false;
    this.start();
    if (!this.res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.res.off('drain', done);
          this.res.off('close', done);
          resolve();
        };
        this.res.on('drain', done);
        this.res.on('close', done);
      });
    }
    return !this.res.destroyed;
  }

  end(): void {
    if (this.res.destroyed) return;
    this.start();
    this.res.end(this.head.suffix);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.res.status(200);
    this.res.setHeader('content-type', this.head.contentType);
    this.res.setHeader('content-disposition', `attachment; filename="${this.head.filename}"`);
    this.res.write(this.head.prefix);
  }
}
