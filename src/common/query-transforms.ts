import type { TransformFnParams } from 'class-transformer';

/**
 * A boolean in a query string, for `@Transform`: exactly `true` or `false` become booleans;
 * anything else is left as it came, for `@IsBoolean()` to refuse.
 */
export const queryBoolean = ({ value }: TransformFnParams): unknown => (value === 'true' ? true : value === 'false' ? false : value);
