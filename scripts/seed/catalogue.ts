import { DateTime } from 'luxon';
import { ORGANIZATION_KINDS, OrganizationKind } from '../../src/organizations/organization.entity';
import { DEMO_ACCOUNTS, DEMO_ORGANIZATIONS, DEMO_VENUES } from './base-demo';
import { buildRoom, closuresFor, RoomSpec } from './build';
import { CITY, DISTRICTS } from './heidelberg';
import { demoId, Random } from './random';
import { ROOM_KINDS, RoomKindKey } from './room-kinds';
import { CatalogueBatch, MembershipRow, OrganizationRow, UserRow, VenueRow } from './rows';
import { VENUE_KINDS, VenueKind, VenueKindKey } from './venue-kinds';

/** The hand-written demo as rows: accounts, memberships and a catalogue of a few dozen rooms. */
export interface BaseCatalogue {
  users: UserRow[];
  memberships: MembershipRow[];
  catalogue: CatalogueBatch;
}

export const BASE_ROOM_COUNT = DEMO_VENUES.reduce((sum, venue) => sum + venue.rooms.length, 0);

const demoEmailDomain = 'demo.example.org';

export function baseCatalogue(today: DateTime): BaseCatalogue {
  const users: UserRow[] = DEMO_ACCOUNTS.map((account) => ({
    id: demoId(`user:${account.email}`),
    email: account.email,
    name: account.name,
    locale: account.locale,
    is_admin: account.isAdmin ?? false,
    email_confirmed_at: today.toUTC().toISO()!,
  }));
  const organizationId = (key: string) => demoId(`organization:${key}`);
  const organizations: OrganizationRow[] = DEMO_ORGANIZATIONS.map((organization) => ({
    id: organizationId(organization.key),
    name: organization.name,
    kind: organization.kind,
    languages: organization.languages,
    fields: organization.fields,
    district: organization.district ?? null,
    description: organization.description,
    origin_regions: organization.originRegions ?? [],
    contact_email: `${organization.key}@${demoEmailDomain}`,
    contact_phone: organization.contactPhone ?? null,
    website: organization.website ?? null,
    verified: organization.verified,
  }));
  const memberships: MembershipRow[] = DEMO_ORGANIZATIONS.flatMap((organization) => [
    ...organization.owners.map((email) => ({
      organization_id: organizationId(organization.key),
      email,
      role: 'owner' as const,
    })),
    ...(organization.members ?? []).map((email) => ({
      organization_id: organizationId(organization.key),
      email,
      role: 'member' as const,
    })),
  ]);

  const catalogue: CatalogueBatch = {
    organizations,
    venues: [],
    rooms: [],
    openingHours: [],
    closures: [],
  };
  for (const demo of DEMO_VENUES) {
    const venueKind: VenueKind = VENUE_KINDS[demo.kind];
    const venue: VenueRow = {
      id: demoId(`venue:${demo.key}`),
      organization_id: organizationId(demo.organization),
      name: demo.name,
      street: demo.street,
      postal_code: demo.postalCode,
      city: CITY,
      district: demo.district,
      accessibility_notes: demo.accessibilityNotes ?? null,
      description: demo.description,
    };
    catalogue.venues.push(venue);
    demo.rooms.forEach((spec, index) => {
      const roomId = demoId(`room:${demo.key}:${index}`);
      const random = new Random(`room:${demo.key}:${index}`);
      const built = buildRoom(random, roomId, venue, venueKind, venueKind.hours[demo.hours], spec);
      catalogue.rooms.push(built.room);
      catalogue.openingHours.push(...built.openingHours);
      catalogue.closures.push(...closuresFor(random, roomId, venueKind, today));
    });
  }
  return { users, memberships, catalogue };
}

// ---- the generated catalogue, for benchmarks ------------------------------------------------

const VENUES_PER_ORGANIZATION = 4;
const MAX_ROOMS_PER_VENUE = 6;

/** Where the generated rooms sit: venue j holds rooms [start, start + size). */
interface VenueSlot {
  index: number;
  start: number;
  size: number;
}

/**
 * Lays the generated rooms out over venues of one to six rooms. The layout depends only on
 * the venue's index, so room n lands in the same venue whatever size is asked for: a larger
 * run adds to what a smaller one wrote instead of reshuffling it.
 */
function venueSlots(from: number, to: number): VenueSlot[] {
  const slots: VenueSlot[] = [];
  let start = 0;
  for (let index = 0; start < to; index++) {
    const size = new Random(`generated-venue-size:${index}`).int(1, MAX_ROOMS_PER_VENUE);
    if (start + size > from) slots.push({ index, start, size });
    start += size;
  }
  return slots;
}

const FIELDS = [
  'culture',
  'education',
  'youth',
  'women',
  'parents',
  'children',
  'language_courses',
  'counselling',
  'religion',
  'music',
  'sports',
  'integration',
  'neighbourhood',
  'seniors',
  'cooking',
  'crafts',
];

/** Migrant organisations by the community they come from, with the languages they work in. */
const COMMUNITIES: { adjective: string; languages: string[]; region: string }[] = [
  { adjective: 'Deutsch-Türkischer', languages: ['de', 'tr'], region: 'Türkei' },
  { adjective: 'Deutsch-Arabischer', languages: ['de', 'ar'], region: 'Naher Osten' },
  { adjective: 'Ukrainischer', languages: ['uk', 'ru', 'de'], region: 'Ukraine' },
  { adjective: 'Persischer', languages: ['fa', 'de'], region: 'Iran' },
  { adjective: 'Afrikanischer', languages: ['de', 'en', 'fr', 'sw'], region: 'Afrika' },
  { adjective: 'Kurdischer', languages: ['ku', 'tr', 'ar', 'de'], region: 'Kurdistan' },
  { adjective: 'Russischsprachiger', languages: ['ru', 'de'], region: 'Osteuropa' },
  { adjective: 'Eritreischer', languages: ['ti', 'de'], region: 'Eritrea' },
  { adjective: 'Polnischer', languages: ['pl', 'de'], region: 'Polen' },
  { adjective: 'Italienischer', languages: ['it', 'de'], region: 'Italien' },
  { adjective: 'Vietnamesischer', languages: ['vi', 'de'], region: 'Vietnam' },
];

const NAMES: Record<Exclude<OrganizationKind, 'migrant_self_organization'>, string[]> = {
  association: ['Stadtteilverein', 'Sportverein', 'Kulturverein', 'Förderverein', 'Musikverein'],
  initiative: ['Nachbarschaftsinitiative', 'Sprachcafé', 'Lernpaten-Initiative', 'Repair-Café'],
  religious_community: [
    'Ev. Kirchengemeinde',
    'Kath. Pfarrgemeinde',
    'Orthodoxe Gemeinde',
    'Alevitische Gemeinde',
    'Islamische Gemeinde',
  ],
  public_facility: ['Stadtteilbüro', 'Volkshochschule, Außenstelle', 'Stadtbücherei, Zweigstelle'],
  other: ['Hochschulgruppe Interkultur', 'Stiftung Miteinander', 'Quartiersgenossenschaft'],
};

/** What each kind of organisation does first of all; more fields are drawn at random. */
const MAIN_FIELD: Record<OrganizationKind, string> = {
  migrant_self_organization: 'culture',
  association: 'neighbourhood',
  initiative: 'integration',
  religious_community: 'religion',
  public_facility: 'education',
  other: 'volunteering',
};

// Kinds weighted roughly as in a city's register: many associations and migrant organisations.
const KIND_WEIGHTS: [OrganizationKind, number][] = [
  ['migrant_self_organization', 3],
  ['association', 3],
  ['initiative', 2],
  ['religious_community', 2],
  ['public_facility', 2],
  ['other', 1],
];

function weightedKind(random: Random): OrganizationKind {
  const total = KIND_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random.next() * total;
  for (const [kind, weight] of KIND_WEIGHTS) {
    draw -= weight;
    if (draw < 0) return kind;
  }
  return 'other';
}

const venueKindsOf = (kind: OrganizationKind): VenueKindKey[] => {
  const fitting = (Object.keys(VENUE_KINDS) as VenueKindKey[]).filter((key) =>
    (VENUE_KINDS[key].ownerKinds as readonly OrganizationKind[]).includes(kind),
  );
  return fitting.length ? fitting : ['meetingPlace'];
};

function generatedOrganization(index: number, verifiedShare: number): OrganizationRow {
  const random = new Random(`generated-organization:${index}`);
  // Every kind turns up in the first few, so that even a small catalogue has them all.
  const kind = index < ORGANIZATION_KINDS.length ? ORGANIZATION_KINDS[index] : weightedKind(random);
  const district = random.pick(DISTRICTS).name;
  let name: string;
  let languages: string[];
  let originRegions: string[] = [];
  if (kind === 'migrant_self_organization') {
    const community = random.pick(COMMUNITIES);
    const what = random.pick(['Kulturverein', 'Elternverein', 'Frauenverein', 'Jugendverein']);
    name = `${community.adjective} ${what} ${district}`;
    languages = community.languages;
    originRegions = random.chance(0.6) ? [community.region] : [];
  } else {
    name = `${random.pick(NAMES[kind])} ${district}`;
    languages = random.chance(0.5) ? ['de'] : ['de', random.pick(['en', 'tr', 'ar', 'ru', 'uk'])];
  }
  return {
    id: demoId(`generated-organization:${index}`),
    // The number keeps the benchmark's organisations apart in lists.
    name: `${name} (#${index + 1})`,
    kind,
    languages,
    fields: [...new Set([MAIN_FIELD[kind], ...random.sample(FIELDS, random.int(0, 2))])],
    district,
    description: null,
    origin_regions: originRegions,
    contact_email: `org-${index + 1}@${demoEmailDomain}`,
    contact_phone: null,
    website: null,
    verified: random.chance(verifiedShare),
  };
}

function generatedRoomKind(n: number, venueKind: VenueKind): { kind: RoomKindKey; name: string } {
  const random = new Random(`generated-room-kind:${n}`);
  const kind = random.pick(venueKind.roomKinds);
  return { kind, name: random.pick(ROOM_KINDS[kind].names) };
}

/**
 * Generated rooms [from, to), with the venues and organisations they need. Rooms are drawn
 * from the same kinds and rules as the hand-written ones, each from a generator seeded with
 * its own index, so any slice of the catalogue can be built on its own and comes out the same.
 */
export function generatedCatalogue(from: number, to: number, today: DateTime): CatalogueBatch {
  const batch: CatalogueBatch = {
    organizations: [],
    venues: [],
    rooms: [],
    openingHours: [],
    closures: [],
  };
  const organizations = new Map<number, OrganizationRow>();
  for (const slot of venueSlots(from, to)) {
    const organizationIndex = Math.floor(slot.index / VENUES_PER_ORGANIZATION);
    let organization = organizations.get(organizationIndex);
    if (!organization) {
      organization = generatedOrganization(organizationIndex, 0.6);
      organizations.set(organizationIndex, organization);
      batch.organizations.push(organization);
    }

    const random = new Random(`generated-venue:${slot.index}`);
    const venueKindKey = random.pick(venueKindsOf(organization.kind));
    const venueKind: VenueKind = VENUE_KINDS[venueKindKey];
    const district = random.pick(DISTRICTS);
    const street = random.pick(district.streets);
    const venue: VenueRow = {
      id: demoId(`generated-venue:${slot.index}`),
      organization_id: organization.id,
      name: `${venueKind.label} ${street}`,
      street: `${street} ${random.int(1, 180)}`,
      postal_code: random.pick(district.postalCodes),
      city: CITY,
      district: district.name,
      accessibility_notes: random.chance(0.7) ? random.pick(venueKind.accessibilityNotes) : null,
      description: null,
    };
    batch.venues.push(venue);
    const venueHours = random.pick(venueKind.hours);

    const first = Math.max(slot.start, from);
    const last = Math.min(slot.start + slot.size, to);
    // Every room of the venue is named, also those outside this slice, so that a second
    // "Seminarraum" in a venue becomes "Seminarraum 2" whichever batch writes it.
    const named = Array.from({ length: slot.size }, (_, position) =>
      generatedRoomKind(slot.start + position, venueKind),
    );
    for (let n = first; n < last; n++) {
      const { kind, name } = named[n - slot.start];
      const twins = named.slice(0, n - slot.start).filter((other) => other.name === name).length;
      const roomRandom = new Random(`generated-room:${n}`);
      const spec: RoomSpec = {
        kind,
        name: twins === 0 ? name : `${name} ${twins + 1}`,
        active: roomRandom.chance(0.97),
      };
      const roomId = demoId(`generated-room:${n}`);
      const built = buildRoom(roomRandom, roomId, venue, venueKind, venueHours, spec);
      batch.rooms.push(built.room);
      batch.openingHours.push(...built.openingHours);
      batch.closures.push(...closuresFor(roomRandom, roomId, venueKind, today));
    }
  }
  return batch;
}

/** The ids of generated rooms [from, to), to see whether a slice is already there. */
export const generatedRoomIds = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, offset) => demoId(`generated-room:${from + offset}`));
