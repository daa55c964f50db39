import { FeedValidators } from './feed-http';

export interface CachedFeed extends FeedValidators {
  /**
   * The bytes sent, UTF-8 encoded once. Kept only while it fits the budget; the validators
   * alone answer conditional requests.
   */
  body: Buffer | null;
}

/**
 * The feeds this process rendered last, by a key that names everything the body is made of
 * (the bookings' fingerprint, names, language, window day). A hit answers 304 without
 * reading the bookings, and often 200 without rendering them. It is only a cache: each
 * instance keeps its own, and a miss renders the same bytes.
 */
export class FeedCache {
  private readonly entries = new Map<string, CachedFeed>();
  private bodyBytes = 0;

  constructor(
    private readonly maxEntries = 2_000,
    private readonly maxBodyBytes = 32 * 1024 * 1024,
  ) {}

  get(key: string): CachedFeed | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Map keeps insertion order: moving the entry to the end makes it the newest.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, feed: CachedFeed): void {
    this.remove(key);
    const size = feed.body?.length ?? 0;
    const entry = size <= this.maxBodyBytes / 4 ? feed : { ...feed, body: null };
    this.entries.set(key, entry);
    this.bodyBytes += entry.body?.length ?? 0;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.bodyBytes <= this.maxBodyBytes) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bodyBytes -= entry.body?.length ?? 0;
    this.entries.delete(key);
  }
}
