import { BODY_LIMITS, exceedsBodyLimits, refusedInputAt } from './request-limits';

describe('request limits', () => {
  it('lets ordinary bodies through', () => {
    expect(exceedsBodyLimits({ a: [1, { b: 'c' }], d: null })).toBeNull();
    expect(exceedsBodyLimits('text')).toBeNull();
    expect(exceedsBodyLimits(Array.from({ length: BODY_LIMITS.arrayItems }, () => 0))).toBeNull();
  });

  it('finds bodies too deep, too long or too wide, however deep they are', () => {
    let deep: unknown = {};
    for (let level = 0; level < 100_000; level++) deep = { a: deep };
    expect(exceedsBodyLimits(deep)).toBe('depth');
    expect(exceedsBodyLimits([Array.from({ length: BODY_LIMITS.arrayItems + 1 })])).toBe(
      'arrayItems',
    );
    const wide = Object.fromEntries(
      Array.from({ length: BODY_LIMITS.objectKeys + 1 }, (_, i) => [`k${i}`, i]),
    );
    expect(exceedsBodyLimits({ wide })).toBe('objectKeys');
  });

  it('names the first text that is not well-formed: NUL or half a surrogate pair', () => {
    const at = (input: unknown) => refusedInputAt(input)?.field;
    expect(refusedInputAt({ name: 'Café 🌍', tags: ['ok'] })).toBeUndefined();
    expect(at({ name: 'a\u0000b' })).toBe('name');
    expect(at({ address: { street: 'x\uD800' } })).toBe('address.street');
    expect(at([{ opens: '\uDC00' }])).toBe('[0].opens');
    expect(at({ outer: { 'key\u0000': 1 } })).toBe('outer');
    expect(at('\uD83C')).toBe('');
    expect(refusedInputAt({ name: 'a\u0000' })?.messageKey).toBe('validation.wellFormedText');
    expect(refusedInputAt(undefined)).toBeUndefined();
  });

  it('refuses the keys class-transformer would drop without a word', () => {
    expect(refusedInputAt({ price: { constructor: 1 } })).toEqual({
      field: 'price.constructor',
      messageKey: 'validation.whitelistValidation',
    });
    expect(refusedInputAt(JSON.parse('{"__proto__": {"isAdmin": true}}'))?.field).toBe('__proto__');
    expect(refusedInputAt({ prototype: 1 })?.field).toBe('prototype');
  });
});
