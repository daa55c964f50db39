import { isNotModified, strongEtag, wholeSeconds } from './feed-http';

describe('feed validators', () => {
  const etag = strongEtag(Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'));
  const current = { etag, lastModified: new Date('2027-03-02T18:00:00.750Z') };

  it('make a strong ETag from the bytes: same body, same tag', () => {
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(strongEtag(Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'))).toBe(etag);
    expect(strongEtag(Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\n'))).not.toBe(etag);
  });

  it('match If-None-Match by weak comparison, in lists and with *', () => {
    expect(isNotModified({ ifNoneMatch: etag }, current)).toBe(true);
    expect(isNotModified({ ifNoneMatch: `W/${etag}` }, current)).toBe(true);
    expect(isNotModified({ ifNoneMatch: `"a,b", ${etag}` }, current)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '*' }, current)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"other"' }, current)).toBe(false);
    expect(isNotModified({ ifNoneMatch: etag.slice(1, -1) }, current)).toBe(false);
  });

  it('compare If-Modified-Since in whole seconds, and ignore a date they cannot read', () => {
    const lastModified = wholeSeconds(current.lastModified).toUTCString();
    expect(isNotModified({ ifModifiedSince: lastModified }, current)).toBe(true);
    expect(isNotModified({ ifModifiedSince: 'Tue, 02 Mar 2027 17:59:59 GMT' }, current)).toBe(
      false,
    );
    expect(isNotModified({ ifModifiedSince: 'Wed, 03 Mar 2027 00:00:00 GMT' }, current)).toBe(true);
    expect(isNotModified({ ifModifiedSince: 'yesterday' }, current)).toBe(false);
  });

  it('let If-None-Match decide when both are sent', () => {
    const lastModified = current.lastModified.toUTCString();
    expect(isNotModified({ ifNoneMatch: '"other"', ifModifiedSince: lastModified }, current)).toBe(
      false,
    );
    expect(isNotModified({}, current)).toBe(false);
  });
});
