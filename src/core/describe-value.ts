/**
 * How a value of unknown type (straight from a model's tool call) reads in a message or audit record,
 * without ever throwing; strings are quoted so `'3'` is visibly not `3`.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null || value === undefined) return String(value);
  return `(${typeof value})`;
}
