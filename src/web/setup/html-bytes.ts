import type { Express, Response } from 'express';
import { randomUUID } from 'node:crypto';

/**
 * A large piece of a page, already escaped and already UTF-8: the chronology's 2,000 rows. Written
 * row by row into bytes, it is never joined into one string nor encoded again with the page around
 * it; for a 3 MB table those two steps cost more than writing the rows (docs/performance.md, section
 * 6). A template places it like any safe value (`{{ rows | safe }}`): there it stands as a marker
 * that no text can forge, and ChronicleView puts the bytes in its place. It must be a value of the
 * view itself, not nested in one: only those are looked for.
 */
export class HtmlBytes {
  readonly marker = `<!--${randomUUID()}-->`;

  constructor(readonly chunks: readonly Buffer[]) {}

  toString(): string {
    return this.marker;
  }

  /** The HTML as text again, for a reader that wants to look into it. */
  text(): string {
    return Buffer.concat(this.chunks).toString();
  }
}

const FIRST_CHUNK_BYTES = 16 * 1024;
const LARGEST_CHUNK_BYTES = 256 * 1024;

/**
 * Writes strings of HTML one after another as UTF-8 into chunks of bytes, which are sent as they are.
 * Chunks grow from small to large, so that a page of a few rows holds little memory outside V8's heap.
 */
export class HtmlBytesWriter {
  private readonly chunks: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(0);
  private used = 0;

  write(html: string): void {
    // At most three bytes for each UTF-16 unit.
    if (this.used + html.length * 3 > this.chunk.length) {
      this.close();
      const next = Math.min(LARGEST_CHUNK_BYTES, Math.max(FIRST_CHUNK_BYTES, this.chunk.length * 2));
      this.chunk = Buffer.allocUnsafe(Math.max(next, html.length * 3));
    }
    this.used += this.chunk.write(html, this.used);
  }

  finish(): HtmlBytes {
    this.close();
    return new HtmlBytes(this.chunks);
  }

  private close(): void {
    if (this.used > 0) this.chunks.push(this.chunk.subarray(0, this.used));
    this.used = 0;
  }
}

/**
 * A rendered page with each HtmlBytes of its view in place of its marker, wherever and however often
 * the template placed it: the page as chunks of bytes, in order, if the view held any (they are sent
 * as they are, never copied into one), else the page as it was rendered. A template may leave a
 * piece out (an empty chronology has no table), but a piece it escaped (placed without `safe`) would
 * be a page silently missing its rows, so that fails the page.
 */
export function spliceHtmlBytes(rendered: string, view: Record<string, unknown>): string | Buffer[] {
  const placed: { at: number; piece: HtmlBytes }[] = [];
  for (const value of new Set(Object.values(view))) {
    if (!(value instanceof HtmlBytes)) continue;
    if (rendered.includes(escapedMarker(value))) throw new Error('A template escaped a piece of HTML given as bytes: place it with `| safe`');
    for (let at = rendered.indexOf(value.marker); at >= 0; at = rendered.indexOf(value.marker, at + 1)) placed.push({ at, piece: value });
  }
  if (placed.length === 0) return rendered;
  placed.sort((a, b) => a.at - b.at);
  const parts: Buffer[] = [];
  let from = 0;
  for (const { at, piece } of placed) {
    parts.push(Buffer.from(rendered.slice(from, at)), ...piece.chunks);
    from = at + piece.marker.length;
  }
  parts.push(Buffer.from(rendered.slice(from)));
  return parts;
}

function escapedMarker(piece: HtmlBytes): string {
  return piece.marker.replace('<', '&lt;').replace('>', '&gt;');
}

type Render = (this: Response, name: string, view?: object, done?: (error: Error | null, page: string | Buffer[]) => void) => void;

/**
 * A page rendered to chunks of bytes is sent as HTML, chunk by chunk (Express's own send takes one
 * string or buffer). The last chunk goes with `end`, as `send` does: express-session holds back the
 * last byte passed to `end` until the session is stored, so that no browser has the whole page, and
 * acts on its form token, before the session holding that token is saved.
 */
export function sendPagesRenderedAsBytes(expressApp: Express): void {
  const render = expressApp.response.render as Render;
  const renderAsPage: Render = function (name, view, done) {
    if (done || typeof view === 'function') return render.call(this, name, view, done);
    render.call(this, name, view, (error, page) => {
      if (error) return this.req.next!(error);
      if (typeof page === 'string') return void this.send(page);
      if (!this.get('Content-Type')) this.type('html');
      this.setHeader('Content-Length', page.reduce((length, chunk) => length + chunk.length, 0));
      if (this.req.method === 'HEAD') return void this.end();
      this.cork();
      for (const chunk of page.slice(0, -1)) this.write(chunk);
      this.uncork();
      this.end(page.at(-1));
    });
  };
  expressApp.response.render = renderAsPage as Express['response']['render'];
}
