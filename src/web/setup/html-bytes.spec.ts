import express from 'express';
import session from 'express-session';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HtmlBytes, HtmlBytesWriter, sendPagesRenderedAsBytes, spliceHtmlBytes } from './html-bytes';

const spliced = (rendered: string, view: Record<string, unknown>): string => {
  const page = spliceHtmlBytes(rendered, view);
  return typeof page === 'string' ? page : Buffer.concat(page).toString();
};

const bytesOf = (...pieces: string[]): HtmlBytes => {
  const writer = new HtmlBytesWriter();
  for (const piece of pieces) writer.write(piece);
  return writer.finish();
};

describe('HtmlBytes', () => {
  it('writes every piece in order as UTF-8, across chunks and with characters of two, three and four bytes', () => {
    const row = '<tr><td>Withheld — held by NHS Lanarkshire, Ł €, 🙂</td></tr>\n';
    const rows = Array.from({ length: 8000 }, (_, index) => `${index}${row}`);
    const html = bytesOf(...rows);
    expect(html.chunks.length).toBeGreaterThan(1);
    expect(html.text()).toBe(rows.join(''));
  });

  it('stands in a template as a marker no text can guess', () => {
    expect(String(bytesOf('a'))).toMatch(/^<!--[0-9a-f-]{36}-->$/);
    expect(String(bytesOf('a'))).not.toBe(String(bytesOf('a')));
  });

  it('puts each piece in place of its marker wherever and however often the page has it, and leaves the rest of the page as rendered', () => {
    const rows = bytesOf('<tr><td>é</td></tr>');
    const notes = bytesOf('<p>—</p>');
    const view = { title: 'Chronology – Ava', notes, rows, count: 2 };
    const rendered = `<h1>${view.title}</h1>${notes}<table>${rows}</table>${notes}`;
    expect(Array.isArray(spliceHtmlBytes(rendered, view))).toBe(true);
    expect(spliced(rendered, view)).toBe('<h1>Chronology – Ava</h1><p>—</p><table><tr><td>é</td></tr></table><p>—</p>');
  });

  it('leaves a page whose view holds no bytes, or whose template does not place them, as the string it was', () => {
    expect(spliceHtmlBytes('<p>Nothing to show</p>', { rows: 'text' })).toBe('<p>Nothing to show</p>');
    expect(spliceHtmlBytes('<p>Refused</p>', { rows: bytesOf('<tr></tr>') })).toBe('<p>Refused</p>');
  });

  it('places a piece given under two names once for each place in the page, not once for each name', () => {
    const rows = bytesOf('<tr></tr>');
    expect(spliced(`<table>${rows}</table>`, { rowsHtml: rows, alsoRows: rows })).toBe('<table><tr></tr></table>');
  });

  it('fails a page whose template escaped its piece (placed without `safe`), rather than send it without its rows', () => {
    const rows = bytesOf('<tr></tr>');
    const escaped = String(rows).replace('<', '&lt;').replace('>', '&gt;');
    expect(() => spliceHtmlBytes(`<table>${escaped}</table>`, { rows })).toThrow('place it with `| safe`');
  });

  it('does not take text that looks like a marker for one', () => {
    const rows = bytesOf('<tr></tr>');
    const forged = '<!--00000000-0000-0000-0000-000000000000-->';
    expect(spliced(`${forged}<table>${rows}</table>`, { rows })).toBe(`${forged}<table><tr></tr></table>`);
  });
});

describe('a page rendered to bytes', () => {
  /** A session store whose writes wait until the test lets them finish. */
  class HeldStore extends session.MemoryStore {
    private storing: (release: () => void) => void = () => undefined;
    readonly stored = new Promise<() => void>((resolve) => (this.storing = resolve));

    override set(sid: string, data: session.SessionData, done?: (error?: unknown) => void): void {
      this.storing(() => super.set(sid, data, done));
    }

    override touch(sid: string, data: session.SessionData, done?: () => void): void {
      this.storing(() => super.touch(sid, data, done));
    }
  }

  it('is sent as HTML, whole, and its last byte only once the session it changed is stored', async () => {
    const store = new HeldStore();
    const app = express();
    app.set('view', class {
      readonly path = 'page';
      render(_view: Record<string, unknown>, done: (error: Error | null, page: Buffer[]) => void): void {
        done(null, [Buffer.from('<p>é'), Buffer.from('—</p>')]);
      }
    });
    sendPagesRenderedAsBytes(app);
    app.use(session({ secret: 'test', resave: false, saveUninitialized: false, store }));
    app.get('/', (req, res) => {
      (req.session as unknown as { token: string }).token = 'changed';
      res.render('page', {});
    });
    const server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const received: Buffer[] = [];
      let headers: http.IncomingHttpHeaders = {};
      const ended = new Promise<void>((resolve) =>
        http.get({ port, path: '/' }, (response) => {
          headers = response.headers;
          response.on('data', (chunk: Buffer) => received.push(chunk));
          response.on('end', resolve);
        }),
      );
      const release = await store.stored;
      // Until the session is stored the page lacks its last byte: give the rest every chance to arrive.
      const length = Buffer.byteLength('<p>é—</p>');
      while (Buffer.concat(received).length < length - 1) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(Buffer.concat(received).length).toBe(length - 1);
      release();
      await ended;
      expect(headers['content-type']).toBe('text/html; charset=utf-8');
      expect(Number(headers['content-length'])).toBe(length);
      expect(Buffer.concat(received).toString()).toBe('<p>é—</p>');
    } finally {
      server.close();
    }
  });
});
