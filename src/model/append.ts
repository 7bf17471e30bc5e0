/**
 * Appends `items` to `target` in place. `target.push(...items)` passes every item as an
 * argument and throws RangeError (stack size) past about 100,000 items; this never does.
 */
export function append<T>(target: T[], items: Iterable<NoInfer<T>>): T[] {
  for (const item of items) target.push(item);
  return target;
}
