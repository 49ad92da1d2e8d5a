import { HtmlBytes, HtmlBytesWriter, spliceHtmlBytes } from './html-bytes';

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

  it('does not take text that looks like a marker for one', () => {
    const rows = bytesOf('<tr></tr>');
    const forged = '<!--00000000-0000-0000-0000-000000000000-->';
    expect(spliced(`${forged}<table>${rows}</table>`, { rows })).toBe(`${forged}<table><tr></tr></table>`);
  });
});
