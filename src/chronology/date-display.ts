import type { DatePrecision } from './entry-vocabulary';

/** Our own month names, so that an ICU update ("Sept") cannot change what is shown or a printout's bytes. */
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar date as a reader should see it, to the precision it was recorded: "4 Mar 2025", "Mar 2025", "2025", "c. 4 Mar 2025". */
export function displayDate(date: string, precision: DatePrecision): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  switch (precision) {
    case 'day':
      return `${day} ${MONTHS[month - 1]} ${year}`;
    case 'month':
      return `${MONTHS[month - 1]} ${year}`;
    case 'year':
      return year;
    case 'approximate':
      return `c. ${day} ${MONTHS[month - 1]} ${year}`;
  }
}

