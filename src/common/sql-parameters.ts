/** Collects bind parameters ($1, $2, ...) for one query, so no policy value is ever spliced into SQL. */
export class SqlParameters {
  readonly values: unknown[] = [];

  constructor(initial: unknown[] = []) {
    this.values.push(...initial);
  }

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
