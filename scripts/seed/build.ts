import { DateTime } from 'luxon';
import { RoomFeature } from '../../src/rooms/room.entity';
import { Random } from './random';
import { ROOM_KINDS, RoomKindKey } from './room-kinds';
import { ClosureRow, OpeningHoursRow, RoomRow, VenueRow } from './rows';
import { HoursRule, VenueKind } from './venue-kinds';

export const TIME_ZONE = 'Europe/Berlin';

/** What a hand-written room may fix; everything left out is drawn from its kind. */
export interface RoomSpec {
  kind: RoomKindKey;
  name?: string;
  description?: string;
  capacity?: number;
  areaSqm?: number | null;
  /** Added to the kind's own features. */
  features?: RoomFeature[];
  stepFree?: boolean;
  accessibleToilet?: boolean;
  hearingLoop?: boolean;
  price?: { kind: 'free' } | { kind: 'hourly' | 'donation'; cents: number };
  policy?: Partial<Omit<RoomRow, 'id' | 'venue_id'>>;
  /** Replaces the venue's weekly hours for this room. */
  hours?: HoursRule[];
  active?: boolean;
}

export interface BuiltRoom {
  room: RoomRow;
  openingHours: OpeningHoursRow[];
}

/**
 * A room of a venue: its kind gives the typical values, the venue kind its hours and
 * rules, `spec` what the demo wants fixed, and `random` the rest (seeded, so repeatable).
 */
export function buildRoom(
  random: Random,
  id: string,
  venue: VenueRow,
  venueKind: VenueKind,
  venueHours: HoursRule[],
  spec: RoomSpec,
): BuiltRoom {
  const kind = ROOM_KINDS[spec.kind];
  const capacity = spec.capacity ?? random.int(kind.capacity[0], kind.capacity[1]);
  const sqm = kind.sqmPerPerson[0] + random.next() * (kind.sqmPerPerson[1] - kind.sqmPerPerson[0]);
  const features = new Set<RoomFeature>([...kind.features, ...(spec.features ?? [])]);
  for (const feature of kind.optionalFeatures) if (random.chance(0.45)) features.add(feature);
  const stepFree = spec.stepFree ?? random.chance(venueKind.stepFreeChance);

  const room: RoomRow = {
    id,
    venue_id: venue.id,
    name: spec.name ?? random.pick(kind.names),
    description: spec.description ?? random.pick(kind.descriptions),
    capacity,
    area_sqm:
      spec.areaSqm !== undefined ? spec.areaSqm : Math.round(capacity * sqm * 2) / 2 || null,
    features: [...features].sort(),
    step_free: stepFree,
    accessible_toilet: spec.accessibleToilet ?? (stepFree && random.chance(0.7)),
    hearing_loop: spec.hearingLoop ?? random.chance(kind.hearingLoopChance),
    ...price(random, venueKind, kind.hourlyCents, spec.price),
    time_zone: TIME_ZONE,
    active: spec.active ?? true,
    ...venueKind.policy,
    ...spec.policy,
  };
  const hours = spec.hours ?? roomHours(random, venueHours);
  return { room, openingHours: openingHoursRows(id, hours) };
}

function price(
  random: Random,
  venueKind: VenueKind,
  hourlyCents: number,
  fixed: RoomSpec['price'],
): Pick<RoomRow, 'price_kind' | 'price_amount_cents' | 'price_currency'> {
  const free = { price_kind: 'free', price_amount_cents: null, price_currency: null } as const;
  if (fixed?.kind === 'free') return free;
  if (fixed)
    return { price_kind: fixed.kind, price_amount_cents: fixed.cents, price_currency: 'EUR' };
  const draw = random.next();
  if (hourlyCents > 0 && draw < venueKind.pricing.hourly) {
    return { price_kind: 'hourly', price_amount_cents: hourlyCents, price_currency: 'EUR' };
  }
  if (draw < venueKind.pricing.hourly + venueKind.pricing.donation) {
    // A suggested donation, or none named at all.
    return random.chance(0.5)
      ? { price_kind: 'donation', price_amount_cents: null, price_currency: null }
      : {
          price_kind: 'donation',
          price_amount_cents: random.pick([500, 1000, 2000]),
          price_currency: 'EUR',
        };
  }
  return free;
}

/** Most rooms keep the venue's hours; some are not lent out on one of its days. */
function roomHours(random: Random, venueHours: HoursRule[]): HoursRule[] {
  if (!random.chance(0.3)) return venueHours;
  const days = venueHours.flatMap((rule) => rule.days);
  const dropped = random.pick(days);
  return venueHours
    .map((rule) => ({ ...rule, days: rule.days.filter((day) => day !== dropped) }))
    .filter((rule) => rule.days.length > 0);
}

export function openingHoursRows(roomId: string, rules: HoursRule[]): OpeningHoursRow[] {
  return rules.flatMap((rule) =>
    rule.days.flatMap((weekday) =>
      rule.intervals.map(([opens, closes]) => ({ room_id: roomId, weekday, opens, closes })),
    ),
  );
}

/** Midnight at the start of a local calendar day, as an instant. */
const localDay = (year: number, month: number, day: number): string =>
  DateTime.fromObject({ year, month, day }, { zone: TIME_ZONE }).toUTC().toISO()!;

/** The Christmas holidays that are running or next to come, seen from `today`. */
export function christmasClosure(roomId: string, today: DateTime): ClosureRow {
  const year =
    today < DateTime.fromObject({ year: today.year, month: 1, day: 7 }, { zone: TIME_ZONE })
      ? today.year - 1
      : today.year;
  return {
    room_id: roomId,
    starts_at: localDay(year, 12, 23),
    ends_at: localDay(year + 1, 1, 7),
    reason: 'Weihnachtsferien',
  };
}

/** Baden-Württemberg's summer holidays, roughly: the school shuts from end of July. */
export function summerClosure(roomId: string, today: DateTime): ClosureRow {
  const year =
    today < DateTime.fromObject({ year: today.year, month: 9, day: 13 }, { zone: TIME_ZONE })
      ? today.year
      : today.year + 1;
  return {
    room_id: roomId,
    starts_at: localDay(year, 7, 30),
    ends_at: localDay(year, 9, 13),
    reason: 'Sommerferien',
  };
}

const WORKS = ['Renovierung', 'Malerarbeiten', 'Neuer Fußboden', 'Wartung der Lüftungsanlage'];

/** A few days to weeks of works, some weeks ahead. */
export function worksClosure(random: Random, roomId: string, today: DateTime): ClosureRow {
  const start = today
    .setZone(TIME_ZONE)
    .startOf('day')
    .plus({ days: random.int(20, 120) });
  return {
    room_id: roomId,
    starts_at: start.toUTC().toISO()!,
    ends_at: start
      .plus({ days: random.int(3, 21) })
      .toUTC()
      .toISO()!,
    reason: random.pick(WORKS),
  };
}

/** The closures a room of this kind of venue typically has. */
export function closuresFor(
  random: Random,
  roomId: string,
  venueKind: VenueKind,
  today: DateTime,
): ClosureRow[] {
  const closures: ClosureRow[] = [];
  if (venueKind.closesForSchoolHolidays || random.chance(0.5)) {
    closures.push(christmasClosure(roomId, today));
  }
  if (venueKind.closesForSchoolHolidays) closures.push(summerClosure(roomId, today));
  if (random.chance(0.1)) closures.push(worksClosure(random, roomId, today));
  return closures;
}
