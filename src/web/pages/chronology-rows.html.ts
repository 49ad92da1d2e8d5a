import { HtmlBytes, HtmlBytesWriter } from '../setup/html-bytes';
import type { ChronologyRow } from './chronology.view-model';

/**
 * The chronology table's rows as HTML, written here rather than in the template: a chronology may
 * have 2,000 rows of ten cells, and Nunjucks' per-value lookups and escaping cost more than reading
 * the entries (docs/performance.md, section 6). Every value is escaped; the markup is the
 * design system's table with Chronicle's responsive labels. Each row is `#entry-<id>`, where the
 * entry's own pages link back to. The rows go straight into bytes, one at a time (HtmlBytes).
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const SPECIAL = /[&<>"']/;

export function escapeHtml(text: string): string {
  // Most values hold none of the five characters: testing first saves building a new string.
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (character) => ENTITIES[character]) : text;
}

const secondary = (text: string): string => (text ? ` <span class="app-secondary">${escapeHtml(text)}</span>` : '');
const tag = (text: string, colour: string): string => ` <strong class="govuk-tag govuk-tag--${colour} app-chronology__tag">${escapeHtml(text)}</strong>`;
const cell = (label: string, html: string, extra = ''): string => `<td class="govuk-table__cell" data-label="${label}"${extra}>${html}</td>`;
/** A cell of text someone wrote: a long word in it breaks anywhere rather than widen the page (application.scss). */
const textCell = (label: string, html: string): string => `<td class="govuk-table__cell app-user-text" data-label="${label}">${html}</td>`;

function rowClass(row: ChronologyRow): string {
  if (row.withheld) return 'govuk-table__row app-chronology__row--withheld';
  return `govuk-table__row${row.significant ? ' app-chronology__row--significant' : ''}${row.status?.label === 'Entered in error' ? ' app-chronology__row--in-error' : ''}`;
}

function more(row: ChronologyRow): string {
  if (row.more.length === 0) return '';
  const items = row.more.map((item) => `<dt>${escapeHtml(item.label)}</dt><dd>${escapeHtml(item.text)}</dd>`).join('');
  return (
    '<details class="govuk-details app-chronology__more"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">More detail</span></summary>' +
    `<div class="govuk-details__text"><dl class="app-chronology__more-list">${items}</dl></div></details>`
  );
}

function rowHtml(row: ChronologyRow): string {
  const date = `<th scope="row" class="govuk-table__header" data-label="Date">${escapeHtml(row.date)}</th>`;
  if (row.withheld) {
    return (
      `<tr id="entry-${escapeHtml(row.id)}" class="${rowClass(row)}">${date}${cell('Age', '')}${cell('Event', tag('Withheld', 'grey').trim())}${cell('From', escapeHtml(row.agency))}` +
      `${cell('Summary', escapeHtml(row.withheldNote), ' colspan="3"')}</tr>`
    );
  }
  const event =
    escapeHtml(row.eventType) +
    (row.significant ? tag('Significant', 'red') : '') +
    (row.restricted ? tag('Disputed: restricted processing', 'purple') : '') +
    secondary(row.nature) +
    (row.status ? tag(row.status.label, row.status.label === 'Amended' ? 'orange' : 'grey') + secondary(row.status.reason) : '');
  const summary = `<a class="govuk-link" href="${escapeHtml(row.href)}">${escapeHtml(row.summary || 'Summary withheld')}</a>${more(row)}${secondary(row.withheldNote)}`;
  return (
    `<tr id="entry-${escapeHtml(row.id)}" class="${rowClass(row)}">${date}${cell('Age', escapeHtml(row.age))}${cell('Event', event)}${cell('From', escapeHtml(row.agency) + secondary(row.author))}` +
    `${textCell('Summary', summary)}${textCell('Impact on the child', escapeHtml(row.impact))}${textCell('Action and outcome', escapeHtml(row.action) + secondary(row.outcome ? `Outcome: ${row.outcome}` : ''))}</tr>`
  );
}

export function chronologyRowsHtml(rows: ChronologyRow[]): HtmlBytes {
  const writer = new HtmlBytesWriter();
  for (const row of rows) writer.write(`${rowHtml(row)}\n`);
  return writer.finish();
}
