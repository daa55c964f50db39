import { FeedCache } from './feed-cache';

const feed = (body: string | null) => ({ etag: '"x"', lastModified: new Date(0), body });

describe('feed cache', () => {
  it('forgets the least recently used feed first', () => {
    const cache = new FeedCache(2, 1_000);
    cache.set('a', feed('A'));
    cache.set('b', feed('B'));
    expect(cache.get('a')?.body).toBe('A');
    cache.set('c', feed('C'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body).toBe('A');
    expect(cache.get('c')?.body).toBe('C');
  });

  it('keeps the validators of a body too large for its budget, without the body', () => {
    const cache = new FeedCache(10, 400);
    cache.set('big', feed('x'.repeat(100)));
    expect(cache.get('big')).toMatchObject({ etag: '"x"', body: null });
    cache.set('small', feed('y'.repeat(40)));
    expect(cache.get('small')?.body).toBe('y'.repeat(40));
  });

  it('evicts bodies to stay within its byte budget', () => {
    const cache = new FeedCache(10, 400);
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.set(key, feed(key.repeat(50)));
    const kept = ['a', 'b', 'c', 'd', 'e'].filter((key) => cache.get(key) !== undefined);
    expect(kept.length).toBeLessThan(5);
    expect(kept).toContain('e');
  });
});
