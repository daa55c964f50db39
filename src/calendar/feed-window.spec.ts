import { feedWindow, RELEASED_KEPT_DAYS } from './feed-window';

describe('feed window', () => {
  it('reaches three months back and eighteen ahead from the start of the UTC day', () => {
    const window = feedWindow(new Date('2027-03-28T01:30:00+01:00'));
    expect(window.day.toISOString()).toBe('2027-03-28T00:00:00.000Z');
    expect(window.from.toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(window.to.toISOString()).toBe('2028-09-28T00:00:00.000Z');
    expect(window.releasedSince.toISOString()).toBe('2027-02-26T00:00:00.000Z');
    expect(RELEASED_KEPT_DAYS).toBe(30);
  });

  it('is the same all day long, whatever the process time zone', () => {
    const morning = feedWindow(new Date('2027-10-31T00:00:00Z'));
    const night = feedWindow(new Date('2027-10-31T23:59:59.999Z'));
    expect(night).toEqual(morning);
    expect(feedWindow(new Date('2027-11-01T00:00:00Z')).day.toISOString()).toBe(
      '2027-11-01T00:00:00.000Z',
    );
  });
});
