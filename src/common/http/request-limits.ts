/**
 * Limits on the shape of a JSON body, checked once it is parsed and before anything walks it
 * recursively (class-transformer and class-validator do, and 20,000 nested objects overflow
 * their stack). No request of this API comes near them.
 */
export const BODY_LIMITS = { depth: 32, arrayItems: 1000, objectKeys: 200 } as const;

/** The first way `body` exceeds BODY_LIMITS, or null. Iterative: depth cannot hurt it. */
export function exceedsBodyLimits(body: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= BODY_LIMITS.depth) return 'depth';
    const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
    if (Array.isArray(value) && children.length > BODY_LIMITS.arrayItems) return 'arrayItems';
    if (!Array.isArray(value) && children.length > BODY_LIMITS.objectKeys) return 'objectKeys';
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}

// A NUL, or half of a surrogate pair without its other half: PostgreSQL cannot store the
// first (22021), and the second is no character at all (encoders and validators throw).
// eslint-disable-next-line no-control-regex -- the NUL is what this looks for
const ILL_FORMED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Keys no DTO declares that class-transformer drops without a word, for safety: refused like
// any other unknown field, so that a client learns its field was not taken.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A part of the input refused before validation: where, and the catalogue key saying why. */
export interface RefusedInput {
  field: string;
  messageKey: 'validation.wellFormedText' | 'validation.whitelistValidation';
}

/**
 * The first text in `input` (a key or a value, at any depth) that is not well-formed, or the
 * first reserved key, with its path (`address.street`, `[2].opens`); undefined when none is.
 */
export function refusedInputAt(input: unknown): RefusedInput | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: input, path: '' }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (ILL_FORMED.test(value)) return { field: path, messageKey: 'validation.wellFormedText' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      // A bad key is named by the object that holds it: the key itself cannot be shown.
      if (ILL_FORMED.test(key)) return { field: path, messageKey: 'validation.wellFormedText' };
      if (RESERVED_KEYS.has(key)) {
        return { field: childPath, messageKey: 'validation.whitelistValidation' };
      }
      stack.push({ value: child, path: childPath });
    }
  }
  return undefined;
}
