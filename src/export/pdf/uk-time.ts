import { MONTHS } from '../../chronology/date-display';

const UK_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** "23 Nov 2026, 14:05 GMT". Month names come from our own table so an ICU update ("Sept") cannot change the bytes. */
export function formatUkTime(instant: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes): string => UK_TIME.formatToParts(instant).find((p) => p.type === type)?.value ?? '';
  return `${Number(part('day'))} ${MONTHS[Number(part('month')) - 1]} ${part('year')}, ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

export function parseProducedAt(producedAt: string): Date {
  const instant = new Date(producedAt);
  if (Number.isNaN(instant.getTime())) throw new Error(`producedAt is not an ISO 8601 instant: ${producedAt}`);
  return instant;
}
