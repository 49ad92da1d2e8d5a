import type { EntryContentDto } from '../chronology/dto/entry-content.dto';
import { readCellDate } from './cell-date';
import { readChoice, readWellbeingIndicators, readYesNo, ValueReading } from './cell-values';
import { IMPORT_FIELDS, ImportField } from './column-mapping';
import type { ImportCell, ImportColumn, ImportRow } from './import-table';
import { isBlankCell } from './table-builder';
import { readTimeOfDay } from './time-of-day';

/** What an entry's request body would hold; built from cells, then validated exactly as that body is. */
export type EntryBody = { -readonly [F in keyof EntryContentDto]?: EntryContentDto[F] };

export interface MappedColumn {
  column: ImportColumn;
  field: ImportField;
}

export interface RowMappingContext {
  /** The taxonomy code the uploader's word stands for, if any. */
  eventTypeOf: (word: string) => string | undefined;
  today: string;
}

/** A cell turned into the body fields it fills, or the reason it cannot be. */
type Conversion = { ok: true; body: EntryBody } | { ok: false; problem: string };

const CONVERSIONS: Record<ImportField, (cell: ImportCell, context: RowMappingContext) => Conversion> = {
  eventDate: (cell, { today }) => {
    const reading = readCellDate(cell, today);
    if (!reading.ok) return reading;
    const body: EntryBody = { eventDate: reading.date, datePrecision: reading.precision };
    if (reading.time !== null) body.eventTime = reading.time;
    return { ok: true, body };
  },
  eventEndDate: (cell, { today }) => {
    const reading = readCellDate(cell, today);
    return reading.ok ? { ok: true, body: { eventEndDate: reading.date } } : reading;
  },
  eventTime: (cell) => {
    if (cell.date !== undefined) {
      const time = cell.date.time ?? (cell.date.shows === 'time' ? '00:00' : null);
      return time === null ? { ok: false, problem: `"${cell.text}" is a date without a time of day` } : { ok: true, body: { eventTime: time } };
    }
    const reading = readTimeOfDay(cell.text);
    return reading.ok ? { ok: true, body: { eventTime: reading.time } } : reading;
  },
  eventType: (cell, { eventTypeOf }) => {
    const code = eventTypeOf(cell.text);
    if (code === undefined) return { ok: false, problem: `"${cell.text.trim()}" is not matched to an event type; choose the event type it stands for` };
    return { ok: true, body: { eventType: code } };
  },
  wellbeingIndicators: (cell) => converted(readWellbeingIndicators(cell.text), 'wellbeingIndicators'),
  significant: (cell) => converted(readYesNo(cell.text), 'significant'),
  namesThirdParties: (cell) => converted(readYesNo(cell.text), 'namesThirdParties'),
  nature: (cell) => converted(readChoice('nature', cell.text), 'nature'),
  informationSource: (cell) => converted(readChoice('informationSource', cell.text), 'informationSource'),
  sensitivity: (cell) => converted(readChoice('sensitivity', cell.text), 'sensitivity'),
  summary: (cell) => text(cell, 'summary'),
  detail: (cell) => text(cell, 'detail'),
  impactOnChild: (cell) => text(cell, 'impactOnChild'),
  actionTaken: (cell) => text(cell, 'actionTaken'),
  noActionReason: (cell) => text(cell, 'noActionReason'),
  outcome: (cell) => text(cell, 'outcome'),
  professionalAnalysis: (cell) => text(cell, 'professionalAnalysis'),
  childView: (cell) => text(cell, 'childView'),
  sourceReference: (cell) => text(cell, 'sourceReference'),
  lawfulBasis: (cell) => text(cell, 'lawfulBasis'),
};

export interface CellProblem {
  column: ImportColumn;
  field: ImportField;
  problem: string;
}

/**
 * A row's mapped cells as an entry body. A blank cell supplies nothing, as a field left out of a
 * request does, so the entry's defaults and required-field rules apply to it unchanged. Text is
 * taken exactly as the cell shows it: text that looks like a formula stays text.
 */
export function mapRow(row: ImportRow, columns: readonly MappedColumn[], context: RowMappingContext): { body: EntryBody; problems: CellProblem[] } {
  const body: EntryBody = {};
  const problems: CellProblem[] = [];
  // In field order, so a time column overrides a time written in the date column.
  const ordered = [...columns].sort((a, b) => IMPORT_FIELDS.indexOf(a.field) - IMPORT_FIELDS.indexOf(b.field));
  for (const { column, field } of ordered) {
    const cell = row.cells[column.index];
    if (cell.problem !== undefined) {
      problems.push({ column, field, problem: `the cell ${cell.problem}` });
      continue;
    }
    if (isBlankCell(cell)) continue;
    const conversion = CONVERSIONS[field](cell, context);
    if (conversion.ok) Object.assign(body, conversion.body);
    else problems.push({ column, field, problem: conversion.problem });
  }
  return { body, problems };
}

function converted<F extends keyof EntryBody>(reading: ValueReading<EntryBody[F]>, field: F): Conversion {
  return reading.ok ? { ok: true, body: { [field]: reading.value } } : reading;
}

function text(cell: ImportCell, field: keyof EntryBody): Conversion {
  return { ok: true, body: { [field]: cell.text } };
}
