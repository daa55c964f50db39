import { BODY_LIMITS, exceedsBodyLimits, illFormedTextAt } from './request-limits';

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
    expect(illFormedTextAt({ name: 'Café 🌍', tags: ['ok'] })).toBeUndefined();
    expect(illFormedTextAt({ name: 'a\u0000b' })).toBe('name');
    expect(illFormedTextAt({ address: { street: 'x\uD800' } })).toBe('address.street');
    expect(illFormedTextAt([{ opens: '\uDC00' }])).toBe('[0].opens');
    expect(illFormedTextAt({ outer: { 'key\u0000': 1 } })).toBe('outer');
    expect(illFormedTextAt('\uD83C')).toBe('');
    expect(illFormedTextAt(undefined)).toBeUndefined();
  });
});
