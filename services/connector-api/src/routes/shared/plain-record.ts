/** Returns a mongoose Map field (or the plain object a lean query gives) as a plain object. */
export function plainRecord<V>(value: unknown): Record<string, V> {
  if (value instanceof Map) {
    return Object.fromEntries(value as Map<string, V>);
  }
  return { ...(value as Record<string, V> | undefined) };
}
