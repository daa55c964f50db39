/**
 * The fields that were sent. DTO classes declare every field, so a field that was left out
 * is present as `undefined`, and spreading it over stored values would erase them.
 */
export function definedFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
