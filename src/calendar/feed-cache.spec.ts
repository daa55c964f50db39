import { FeedCache } from './feed-cache';

const feed = (body: string | null) => ({
  etag: '"x"',
  lastModified: new Date(0),
  body: body === null ? null : Buffer.from(body),
});
const text = (body: Buffer | null | undefined) => body?.toString('utf8');

describe('feed cache', () => {
  it('forgets the least recently used feed first', () => {
    const cache = new FeedCache(2, 1_000);
    cache.set('a', feed('A'));
    cache.set('b', feed('B'));
    expect(text(cache.get('a')?.body)).toBe('A');
    cache.set('c', feed('C'));
    expect(cache.get('b')).toBeUndefined();
    expect(text(cache.get('a')?.body)).toBe('A');
    expect(text(cache.get('c')?.body)).toBe('C');
  });

  it('keeps the validators of a body too large for its budget, without the body', () => {
    const cache = new FeedCache(10, 400);
    // A quarter of the budget at most, counted in bytes: 101 do not fit in 100.
    cache.set('big', feed('x'.repeat(101)));
    expect(cache.get('big')).toMatchObject({ etag: '"x"', body: null });
    cache.set('small', feed('y'.repeat(40)));
    expect(text(cache.get('small')?.body)).toBe('y'.repeat(40));
  });

  it('evicts bodies to stay within its byte budget', () => {
    const cache = new FeedCache(10, 400);
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.set(key, feed(key.repeat(100)));
    const kept = ['a', 'b', 'c', 'd', 'e'].filter((key) => cache.get(key) !== undefined);
    expect(kept.length).toBeLessThan(5);
    expect(kept).toContain('e');
  });
});
