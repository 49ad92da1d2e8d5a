import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Every template, as [its path under views/, its text]. */
function templates(directory = __dirname): [string, string][] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((item): [string, string][] => {
    const file = path.join(directory, item.name);
    if (item.isDirectory()) return templates(file);
    return item.name.endsWith('.njk') ? [[path.relative(__dirname, file), readFileSync(file, 'utf8')]] : [];
  });
}

/** The submit buttons of a form's markup: govuk-frontend's macro calls (not links) and plain buttons. */
function submitButtons(form: string): string[] {
  const macros = [...form.matchAll(/govukButton\((\{[\s\S]*?\})\s*\)\s*\}\}/g)].map(([, call]) => call).filter((call) => !/\bhref:/.test(call));
  const plain = [...form.matchAll(/<button\b[^>]*>/g)].map(([tag]) => tag).filter((tag) => !/type="button"/.test(tag));
  return [...macros, ...plain];
}

/**
 * A form that posts creates or changes something: a second click while the first is on its way
 * (a slow network) must not do it twice. govuk-frontend's Button ignores a click within a second
 * of the last when the button has `data-prevent-double-click` (the macro's `preventDoubleClick`).
 */
describe('the forms of the web pages', () => {
  const posting = templates().flatMap(([file, text]) => [...text.matchAll(/<form\b[^>]*method="post"[\s\S]*?<\/form>/g)].map(([form]): [string, string] => [file, form]));

  it('are found in the templates', () => {
    expect(posting.length).toBeGreaterThan(30);
  });

  it('that post have submit buttons that ignore a second click', () => {
    const without = posting.flatMap(([file, form]) => submitButtons(form).filter((button) => !/preventDoubleClick: true|data-prevent-double-click="true"/.test(button)).map((button) => `${file}: ${button}`));
    expect(without).toEqual([]);
    expect(posting.flatMap(([, form]) => submitButtons(form)).length).toBeGreaterThanOrEqual(posting.length);
  });
});
