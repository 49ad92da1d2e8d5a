import { rulesToCondition } from '@casl/ability/extra';
import type { SqlParameters } from '../common/sql-parameters';
import type { AppAbility, EntryAttributes } from './ability.factory';

/** The SQL expression holding each entry attribute the policy can test, in the query being built. */
export type EntryAttributeColumns = Record<keyof EntryAttributes, string>;

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
  // Rendering waits until CASL has settled which rules count: a rule it drops (one superseded by an
  // unconditional rule) must not leave an unused, untyped bind parameter behind.
  const condition = rulesToCondition<AppAbility, RenderSql, RenderSql>(
    ability.rulesFor(action, 'Entry', field),
    (rule) => (target) => conditionSql((rule.conditions ?? {}) as Record<string, unknown>, columns, target),
    {
      and: (parts) => (target) => `(${parts.map((part) => part(target)).join(' AND ')})`,
      or: (parts) => (target) => `(${parts.map((part) => part(target)).join(' OR ')})`,
      empty: () => () => 'TRUE',
    },
  );
  return condition ? condition(parameters) : 'FALSE';
}

type RenderSql = (parameters: SqlParameters) => string;

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
