import { DateTime } from 'luxon';
import { TRANSLATION_LOCALES } from '../../forum/forum.contract';
import { ForumSessionsService } from '../../forum/forum-sessions.service';
import { FormValues } from '../shell/form';
import { SERIES_ORDINALS, SessionContentForm, SessionForm, WEEKDAYS } from './forum-staff.form';

type Session = Awaited<ReturnType<ForumSessionsService['get']>>;

/** An instant as a `datetime-local` field shows it, in the room's zone. */
export const localDateTime = (at: string | null, zone: string): string =>
  at ? DateTime.fromISO(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm") : '';

/** A local date and time in the room's zone as an instant. */
const instant = (local: string, zone: string): string => DateTime.fromISO(local, { zone }).toISO()!;

/** The form's field of a translated text: `titleEn`, `descriptionTr`. */
export const translatedField = (field: 'title' | 'description', locale: string): string =>
  `${field}${locale[0].toUpperCase()}${locale.slice(1)}`;

/** The form's translations as the service takes them (an empty pair: no translation). */
function translations(form: SessionContentForm) {
  const fields = form as unknown as Record<string, string | undefined>;
  return Object.fromEntries(
    TRANSLATION_LOCALES.map((locale) => [
      locale,
      {
        title: fields[translatedField('title', locale)],
        description: fields[translatedField('description', locale)],
      },
    ]),
  );
}

/** The service's input for a session typed into the form, its times in the room's zone. */
export function sessionContent(
  form: SessionContentForm &
    Pick<SessionForm, 'date' | 'from' | 'to' | 'registrationOpensAt' | 'registrationClosesAt'>,
  zone: string,
) {
  return {
    kind: form.kind,
    title: form.title,
    description: form.description,
    translations: translations(form),
    topic: form.topic,
    speakers: form.speakers ?? [],
    languages: form.languages,
    accessibilityNotes: form.accessibilityNotes,
    roomId: form.roomId,
    capacity: form.capacity,
    maxPlacesPerOrganization: form.maxPlacesPerOrganization,
    audience: form.audience,
    startsAt: instant(`${form.date}T${form.from}`, zone),
    endsAt: instant(`${form.date}T${form.to}`, zone),
    registrationOpensAt: form.registrationOpensAt && instant(form.registrationOpensAt, zone),
    registrationClosesAt: form.registrationClosesAt && instant(form.registrationClosesAt, zone),
  };
}

/** A planned session as its form shows it. */
export function sessionValues(session: Session): FormValues {
  const zone = session.timeZone;
  const start = DateTime.fromISO(session.startsAt, { zone });
  return {
    kind: session.kind,
    title: session.title,
    description: session.description ?? '',
    ...Object.fromEntries(
      TRANSLATION_LOCALES.flatMap((locale) => [
        [translatedField('title', locale), session.translations[locale]?.title ?? ''],
        [translatedField('description', locale), session.translations[locale]?.description ?? ''],
      ]),
    ),
    topic: session.topic,
    speakers: session.speakers.join('\n'),
    languages: session.languages.join(', '),
    accessibilityNotes: session.accessibilityNotes ?? '',
    roomId: session.roomId,
    capacity: String(session.capacity),
    maxPlacesPerOrganization: session.maxPlacesPerOrganization?.toString() ?? '',
    audience: session.audience,
    date: start.toISODate()!,
    from: start.toFormat('HH:mm'),
    to: DateTime.fromISO(session.endsAt, { zone }).toFormat('HH:mm'),
    registrationOpensAt: localDateTime(session.registrationOpensAt, zone),
    registrationClosesAt: localDateTime(session.registrationClosesAt, zone),
  };
}

type Weekday = (typeof WEEKDAYS)[number];
type Ordinal = (typeof SERIES_ORDINALS)[number];

/**
 * The series' first date: in its first month, the first (second …, last) such weekday, or
 * the first one at all for "every week". The rule itself decides the others.
 */
export function firstOccurrence(
  month: string,
  weekday: Weekday,
  ordinal: Ordinal,
  zone: string,
): DateTime {
  const start = DateTime.fromISO(`${month}-01`, { zone });
  const day = WEEKDAYS.indexOf(weekday) + 1;
  if (ordinal === '-1') {
    const last = start.endOf('month').startOf('day');
    return last.minus({ days: (last.weekday - day + 7) % 7 });
  }
  const first = start.plus({ days: (day - start.weekday + 7) % 7 });
  return ordinal === 'every' ? first : first.plus({ weeks: Number(ordinal) - 1 });
}

/** "every first Wednesday from February to December" as an RRULE and its last day. */
export function seriesRule(form: { weekday: Weekday; ordinal: Ordinal; lastMonth: string }): {
  rrule: string;
  until: string;
} {
  return {
    rrule:
      form.ordinal === 'every'
        ? `FREQ=WEEKLY;BYDAY=${form.weekday}`
        : `FREQ=MONTHLY;BYDAY=${form.ordinal}${form.weekday}`,
    until: DateTime.fromISO(`${form.lastMonth}-01`).endOf('month').toISODate()!,
  };
}

/** The form of a single session for a date of a series, to plan it in another room. */
export function placeElsewhere(
  seriesId: string,
  date: { startsAt: string; endsAt: string },
  zone: string,
): string {
  const start = DateTime.fromISO(date.startsAt, { zone });
  const query = new URLSearchParams({
    seriesId,
    date: start.toISODate()!,
    from: start.toFormat('HH:mm'),
    to: DateTime.fromISO(date.endsAt, { zone }).toFormat('HH:mm'),
  });
  return `/staff/forum/sessions/new?${query.toString()}`;
}

/** The page of a long list asked for (`?offset=`): a multiple of the page's size, else 0. */
export function offsetOf(query: unknown, size: number): number {
  const value = (query as Record<string, unknown>).offset;
  if (typeof value !== 'string' || !/^\d{1,7}$/.test(value)) return 0;
  const offset = Number(value);
  return offset - (offset % size);
}
