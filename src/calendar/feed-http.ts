import { createHash } from 'node:crypto';

/** The validators of one rendering of a feed. */
export interface FeedValidators {
  /** Strong: a hash of the exact bytes sent. */
  etag: string;
  lastModified: Date;
}

export interface ConditionalHeaders {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

/** A strong entity tag over the body: equal tags mean equal bytes. */
export const strongEtag = (body: Buffer): string =>
  `"${createHash('sha256').update(body).digest('base64url')}"`;

/** HTTP dates have whole seconds; Last-Modified is sent and compared that way. */
export const wholeSeconds = (date: Date): Date =>
  new Date(Math.floor(date.getTime() / 1000) * 1000);

/** `W/"x"` and `"x"` are the same tag under the weak comparison If-None-Match uses. */
const opaqueTag = (tag: string): string => tag.replace(/^W\//, '');

/** The entity tags of an If-None-Match list; a tag may itself contain a comma. */
const entityTags = (header: string): string[] =>
  [...header.matchAll(/(?:W\/)?"[^"]*"|\*/g)].map((match) => opaqueTag(match[0]));

/**
 * Whether a GET may be answered 304 (RFC 9110 §13.1.2, §13.1.3, §13.2.2): If-None-Match
 * decides when it is sent, and If-Modified-Since is then ignored; a date that cannot be
 * read is ignored as well.
 */
export function isNotModified(headers: ConditionalHeaders, current: FeedValidators): boolean {
  if (headers.ifNoneMatch !== undefined) {
    const tags = entityTags(headers.ifNoneMatch);
    return tags.includes('*') || tags.includes(opaqueTag(current.etag));
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = Date.parse(headers.ifModifiedSince);
    if (Number.isNaN(since)) return false;
    return wholeSeconds(current.lastModified).getTime() <= since;
  }
  return false;
}
