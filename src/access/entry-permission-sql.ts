import { rulesToCondition } from '@casl/ability/extra';
import type { AppAbility, EntryAttributes } from './ability.factory';

/** The SQL expression holding each entry attribute the policy can test, in the query being built. */
export type EntryAttributeColumns = Record<keyof EntryAttributes, string>;

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

/**
 * Turns what the ability allows on entries into a SQL boolean, so the database never hands over a
 * row the user may not see. Without a field: "may do this to some field of the entry". This is
 * the same CASL rule set the in-process checks use, read through CASL's own rule-to-condition
 * flattening; there is no second copy of the policy here, only a translation of its conditions.
 */
export function entryPermissionSql(
  ability: AppAbility,
  action: 'read' | 'locate',
  field: string | undefined,
  columns: EntryAttributeColumns,
  parameters: SqlParameters,
): string {
  const condition = rulesToCondition(
    ability.rulesFor(action, 'Entry', field),
    (rule) => conditionSql((rule.conditions ?? {}) as Record<string, unknown>, columns, parameters),
    {
      and: (parts) => `(${parts.join(' AND ')})`,
      or: (parts) => `(${parts.join(' OR ')})`,
      empty: () => 'TRUE',
    },
  );
  return condition ?? 'FALSE';
}

function conditionSql(conditions: Record<string, unknown>, columns: EntryAttributeColumns, parameters: SqlParameters): string {
  const clauses = Object.entries(conditions).map(([attribute, test]) => {
    const column = columns[attribute as keyof EntryAttributes];
    if (!column) throw new Error(`No SQL column for entry attribute "${attribute}"`);
    if (typeof test !== 'object' || test === null) return test === true ? column : `${column} = ${parameters.add(test)}`;
    const [[operator, operand], ...more] = Object.entries(test);
    if (more.length > 0) throw new Error(`Unexpected compound condition on "${attribute}"`);
    switch (operator) {
      case '$in':
        return `${column} = ANY(${parameters.add(operand)}::text[])`;
      case '$ne':
        return `${column} <> ${parameters.add(operand)}`;
      default:
        throw new Error(`No SQL for condition operator ${operator}`);
    }
  });
  return clauses.length === 0 ? 'TRUE' : `(${clauses.join(' AND ')})`;
}
