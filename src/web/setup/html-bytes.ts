import { randomUUID } from 'node:crypto';

/**
 * A large piece of a page, already escaped and already UTF-8: the chronology's 2,000 rows. Written
 * row by row into bytes, it is never joined into one string nor encoded again with the page around
 * it; for a 3 MB table those two steps cost more than writing the rows (docs/performance.md, section
 * 6). A template places it like any safe value (`{{ rows | safe }}`): there it stands as a marker
 * that no text can forge, and ChronicleView puts the bytes in its place.
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

const CHUNK_BYTES = 256 * 1024;

/** Writes strings of HTML one after another as UTF-8 into chunks of bytes, which are sent as they are. */
export class HtmlBytesWriter {
  private readonly chunks: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(0);
  private used = 0;

  write(html: string): void {
    // At most three bytes for each UTF-16 unit.
    if (this.used + html.length * 3 > this.chunk.length) {
      this.close();
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, html.length * 3));
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
 * as they are, never copied into one), else the page as it was rendered.
 */
export function spliceHtmlBytes(rendered: string, view: Record<string, unknown>): string | Buffer[] {
  const placed: { at: number; piece: HtmlBytes }[] = [];
  for (const value of Object.values(view)) {
    if (!(value instanceof HtmlBytes)) continue;
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
