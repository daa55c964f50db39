import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../src/config/app-config';
import { TestUser } from './factories';
import type { Reply, TestApp } from './test-app';

// ical.js is an ES module with a CommonJS build, and jest runs CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ICAL = require('ical.js') as typeof import('ical.js', {
  with: { 'resolution-mode': 'import' },
}).default;

type Component = InstanceType<typeof ICAL.Component>;

/**
 * Europe/Berlin written out by hand from the EU rule (last Sunday of March 02:00 → CEST,
 * last Sunday of October 03:00 → CET), so that the tests read the feeds' times through a
 * zone definition that owes nothing to the service's own zone library.
 */
const EUROPE_BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19810329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const berlinZone = () => {
  if (!ICAL.TimezoneService.has('Europe/Berlin')) {
    ICAL.TimezoneService.register(new ICAL.Component(ICAL.parse(EUROPE_BERLIN)));
  }
  return ICAL.TimezoneService.get('Europe/Berlin');
};

/** One VEVENT as a calendar program reads it. */
export interface ParsedEvent {
  uid: string;
  summary: string;
  sequence: number;
  status: string | null;
  transp: string | null;
  start: Date;
  end: Date;
  /** Whether DTSTART is UTC or carries a zone: never floating. */
  startZone: string;
  /** The start as wall-clock time in Berlin, e.g. "2027-03-02T19:00". */
  startInBerlin: string;
  stamp: Date;
  description: string | null;
  location: string | null;
  /** Names of all properties, e.g. to check that no ORGANIZER is there. */
  properties: string[];
}

export interface ParsedFeed {
  calendar: Component;
  events: ParsedEvent[];
  event(uid: string): ParsedEvent;
  has(uid: string): boolean;
}

export function parseFeed(text: string): ParsedFeed {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component): ParsedEvent => {
    const event = new ICAL.Event(component);
    const text = (name: string) => (component.getFirstPropertyValue(name) as string | null) ?? null;
    return {
      uid: event.uid,
      summary: event.summary,
      sequence: event.sequence,
      status: text('status'),
      transp: text('transp'),
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      startZone: event.startDate.zone?.tzid ?? 'floating',
      startInBerlin: event.startDate.convertToZone(berlinZone()).toString().slice(0, 16),
      stamp: (
        component.getFirstPropertyValue('dtstamp') as InstanceType<typeof ICAL.Time>
      ).toJSDate(),
      description: text('description'),
      location: text('location'),
      properties: component.getAllProperties().map((property) => property.name),
    };
  });
  const find = (uid: string) => events.find((event) => event.uid === uid);
  return {
    calendar,
    events,
    has: (uid) => find(uid) !== undefined,
    event(uid) {
      const found = find(uid);
      if (!found) throw new Error(`no event ${uid} in the feed`);
      return found;
    },
  };
}

/** The UID feeds and invitations give a booking: `<id>@<host of PUBLIC_URL>`. */
export const uidOf = (app: TestApp, bookingId: string): string =>
  `${bookingId}@${new URL(app.running.app.get<AppConfig>(APP_CONFIG).publicUrl).hostname}`;

export interface FeedLink {
  id: string;
  url: string;
  /** The path to GET, with the secret in it. */
  path: string;
  secret: string;
}

/** A secret feed link, made through the API. */
export async function createFeedLink(
  app: TestApp,
  user: TestUser,
  scope: string,
  subjectId: string,
): Promise<FeedLink> {
  const reply = await app.post('/api/calendar/tokens', { scope, subjectId }, { token: user.token });
  if (reply.status !== 201) throw new Error(`feed link: ${reply.status} ${reply.text}`);
  const url = new URL(reply.body.url as string);
  const secret = /^\/api\/calendar\/feeds\/([^/]+)\.ics$/.exec(url.pathname)![1];
  return { id: reply.body.id, url: reply.body.url, path: url.pathname, secret };
}

export const getFeed = (
  app: TestApp,
  path: string,
  headers: Record<string, string> = {},
): Promise<Reply<string>> => app.get(path, { headers });

export const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Raw content lines: CRLF-separated, the text ends with CRLF (so the last is empty). */
export const rawLines = (text: string): string[] => text.split('\r\n');

/** Unfolded content lines, as RFC 5545 §3.1 reads them. */
export const unfoldedLines = (text: string): string[] =>
  text.replace(/\r\n[ \t]/g, '').split('\r\n');
