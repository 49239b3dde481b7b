/** Read-only view of a parsed configuration, all the way down. */
export type DeepReadonly<T> = T extends Buffer | ((...args: never[]) => unknown)
  ? T
  : T extends ReadonlyMap<infer K, infer V>
    ? ReadonlyMap<K, DeepReadonly<V>>
    : T extends ReadonlySet<infer V>
      ? ReadonlySet<DeepReadonly<V>>
      : T extends readonly (infer E)[]
        ? readonly DeepReadonly<E>[]
        : T extends object
          ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
          : T;

/**
 * Freezes `value` and everything it contains. Maps and sets get mutators that throw, because
 * `Object.freeze` leaves their entries writable. Buffers and typed arrays stay as they are, because
 * JavaScript cannot freeze their bytes.
 */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  freezeValue(value, new Set());
  return value as DeepReadonly<T>;
}

function freezeValue(value: unknown, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || seen.has(value) || ArrayBuffer.isView(value)) return;
  seen.add(value);

  if (value instanceof Map) {
    for (const [key, entry] of value) {
      freezeValue(key, seen);
      freezeValue(entry, seen);
    }
    disableMutators(value, ['set', 'delete', 'clear']);
  } else if (value instanceof Set) {
    for (const entry of value) freezeValue(entry, seen);
    disableMutators(value, ['add', 'delete', 'clear']);
  } else {
    for (const entry of Object.values(value)) freezeValue(entry, seen);
  }
  Object.freeze(value);
}

function disableMutators(target: object, methods: readonly string[]): void {
  for (const method of methods) {
    Object.defineProperty(target, method, {
      value: () => {
        throw new TypeError(`Cannot ${method}: the configuration is read-only`);
      },
    });
  }
}
