import { OrganizationKind } from '../../src/organizations/organization.entity';
import { RoomSpec } from './build';
import { VenueKindKey } from './venue-kinds';

/*
 * The hand-written part of the demo: the people, organisations and venues a volunteer
 * agency would recognise. Keys (not names) make the ids, so a name can be corrected later
 * without a second run creating a twin.
 */

/** Every demo account shares it; printed by the seed and written in the README. */
export const DEMO_PASSWORD = 'demo-passwort';

export interface DemoAccount {
  email: string;
  name: string;
  locale: 'de' | 'en';
  isAdmin?: boolean;
  /** What the account is for, as printed at the end of the seed. */
  role: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'admin@demo.example.org',
    name: 'Agentur Admin',
    locale: 'de',
    isAdmin: true,
    role: 'Admin (Freiwilligenagentur)',
  },
  {
    email: 'stadtteilzentren@demo.example.org',
    name: 'Birgit Hoffmann',
    locale: 'de',
    role: 'Raumvergabe der Stadt: 6 Bürgerhäuser und Stadtteilzentren',
  },
  {
    email: 'gemeinde@demo.example.org',
    name: 'Thomas Lang',
    locale: 'de',
    role: 'Kirchengemeinden: 4 Gemeindehäuser',
  },
  {
    email: 'verein@demo.example.org',
    name: 'Hans Becker',
    locale: 'de',
    role: 'Vereine: Altstadt, Wieblingen, Ziegelhausen, Jugendzentren',
  },
  {
    email: 'schule@demo.example.org',
    name: 'Sabine Keller',
    locale: 'de',
    role: 'Schulräume (Gemeinschaftsschule Neuenheim)',
  },
  {
    email: 'mehmet@demo.example.org',
    name: 'Mehmet Demir',
    locale: 'de',
    role: 'Kulturbrücke (eigenes Vereinsheim) und Islamische Gemeinde',
  },
  {
    email: 'elif@demo.example.org',
    name: 'Elif Yılmaz',
    locale: 'de',
    role: 'Deutsch-Türkischer Elternverein (sucht Räume)',
  },
  {
    email: 'olena@demo.example.org',
    name: 'Olena Kovalenko',
    locale: 'en',
    role: 'Ukrainische Gemeinschaft (sucht Räume, Sprache Englisch)',
  },
  {
    email: 'samira@demo.example.org',
    name: 'Samira Haddad',
    locale: 'de',
    role: 'Syrisch-Deutscher Frauenverein, Mitglied im Sprachcafé',
  },
  {
    email: 'reza@demo.example.org',
    name: 'Reza Ahmadi',
    locale: 'de',
    role: 'Afghanischer Kulturverein (noch nicht verifiziert)',
  },
  {
    email: 'natalia@demo.example.org',
    name: 'Natalia Petrova',
    locale: 'de',
    role: 'Eltern-Initiative „Raduga“ (noch nicht verifiziert)',
  },
  {
    email: 'senait@demo.example.org',
    name: 'Senait Tesfay',
    locale: 'en',
    role: 'Eritreische Gemeinschaft (noch nicht verifiziert)',
  },
  {
    email: 'jonas@demo.example.org',
    name: 'Jonas Weber',
    locale: 'de',
    role: 'Sprachcafé und Nachbarschaftsinitiative, Mitglied im Elternverein',
  },
];

export interface DemoOrganization {
  key: string;
  name: string;
  kind: OrganizationKind;
  languages: string[];
  fields: string[];
  district?: string;
  description: string;
  originRegions?: string[];
  contactPhone?: string;
  website?: string;
  verified: boolean;
  owners: string[];
  members?: string[];
}

const stadtteilzentren = 'stadtteilzentren@demo.example.org';
const gemeinde = 'gemeinde@demo.example.org';
const verein = 'verein@demo.example.org';

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    key: 'stadt-buergerhaeuser',
    name: 'Stadt Heidelberg – Bürgerhäuser und Stadtteilzentren',
    kind: 'public_facility',
    languages: ['de', 'en'],
    fields: ['neighbourhood', 'culture', 'education'],
    description:
      'Die Stadt vergibt Räume in ihren Bürgerhäusern und Stadtteilzentren an Vereine und Initiativen.',
    contactPhone: '06221 58-0',
    verified: true,
    owners: [stadtteilzentren],
  },
  {
    key: 'schulen',
    name: 'Gemeinschaftsschule Neuenheim',
    kind: 'public_facility',
    languages: ['de'],
    fields: ['education', 'sports'],
    district: 'Neuenheim',
    description: 'Aula, Turnhalle und Lehrküche stehen nachmittags und abends auch Vereinen offen.',
    verified: true,
    owners: ['schule@demo.example.org'],
  },
  {
    key: 'ev-handschuhsheim',
    name: 'Ev. Kirchengemeinde Handschuhsheim',
    kind: 'religious_community',
    languages: ['de'],
    fields: ['religion', 'music', 'seniors', 'youth'],
    district: 'Handschuhsheim',
    description:
      'Unser Gemeindehaus ist offen für Gruppen aus dem Stadtteil, gleich welcher Herkunft oder Religion.',
    verified: true,
    owners: [gemeinde],
  },
  {
    key: 'kath-rohrbach',
    name: 'Kath. Kirchengemeinde Heidelberg-Süd',
    kind: 'religious_community',
    languages: ['de', 'it', 'pl'],
    fields: ['religion', 'families', 'music'],
    district: 'Rohrbach',
    description: 'Pfarrsaal und Gruppenräume im Gemeindehaus Rohrbach, auch für Familienfeiern.',
    verified: true,
    owners: [gemeinde],
  },
  {
    key: 'ev-altstadt',
    name: 'Ev. Kirchengemeinde Altstadt',
    kind: 'religious_community',
    languages: ['de', 'en'],
    fields: ['religion', 'culture', 'refugee_support'],
    district: 'Altstadt',
    description:
      'Gemeindehaus mitten in der Altstadt; wir unterstützen Initiativen der Geflüchtetenhilfe.',
    verified: true,
    owners: [gemeinde],
  },
  {
    key: 'ev-schlierbach',
    name: 'Ev. Kirchengemeinde Schlierbach',
    kind: 'religious_community',
    languages: ['de'],
    fields: ['religion', 'seniors'],
    district: 'Schlierbach',
    description: 'Kleines Gemeindehaus am Neckar mit Saal und Garten.',
    verified: true,
    owners: [gemeinde],
  },
  {
    key: 'islamische-gemeinde',
    name: 'Islamische Gemeinde Heidelberg e.V.',
    kind: 'religious_community',
    languages: ['de', 'ar', 'tr', 'bs'],
    fields: ['religion', 'youth', 'counselling'],
    district: 'Kirchheim',
    description:
      'Gemeinde mit Jugendarbeit und Beratung; wir suchen Räume für Jugendgruppen und Feste.',
    verified: true,
    owners: ['mehmet@demo.example.org'],
  },
  {
    key: 'altstadtverein',
    name: 'Altstadtverein Heidelberg e.V.',
    kind: 'association',
    languages: ['de'],
    fields: ['neighbourhood', 'culture', 'history'],
    district: 'Altstadt',
    description: 'Der Verein betreibt das Haus der Begegnung mit seinem Gewölbekeller.',
    website: 'https://example.org/altstadtverein',
    verified: true,
    owners: [verein],
  },
  {
    key: 'stadtjugendring',
    name: 'Stadtjugendring Heidelberg e.V.',
    kind: 'association',
    languages: ['de', 'en', 'tr', 'ar'],
    fields: ['youth', 'education', 'music'],
    description: 'Träger der Jugendzentren in Handschuhsheim und auf dem Boxberg.',
    verified: true,
    owners: [verein],
  },
  {
    key: 'stadtteilverein-wieblingen',
    name: 'Stadtteilverein Wieblingen e.V.',
    kind: 'association',
    languages: ['de'],
    fields: ['neighbourhood', 'culture'],
    district: 'Wieblingen',
    description:
      'Wir pflegen das Vereinshaus und vermieten es günstig an Gruppen aus dem Stadtteil.',
    verified: true,
    owners: [verein],
  },
  {
    key: 'alte-schule-ziegelhausen',
    name: 'Förderverein Alte Schule Ziegelhausen e.V.',
    kind: 'association',
    languages: ['de'],
    fields: ['culture', 'neighbourhood', 'crafts'],
    district: 'Ziegelhausen',
    description: 'Das alte Schulhaus ist heute ein Treffpunkt für Kultur und Handwerk.',
    verified: true,
    owners: [verein],
  },
  {
    key: 'chor-viele-stimmen',
    name: 'Interkultureller Chor „Viele Stimmen“ e.V.',
    kind: 'association',
    languages: ['de', 'en', 'it', 'es', 'fr'],
    fields: ['music', 'culture'],
    district: 'Neuenheim',
    description:
      'Wir singen Lieder aus aller Welt und suchen einen Raum mit Klavier für die wöchentliche Probe.',
    verified: true,
    owners: [verein],
  },
  {
    key: 'kulturbruecke',
    name: 'Kulturbrücke Heidelberg e.V.',
    kind: 'migrant_self_organization',
    languages: ['de', 'tr', 'ku'],
    fields: ['culture', 'education', 'youth'],
    district: 'Kirchheim',
    description:
      'Deutsch-türkisch-kurdischer Kulturverein mit eigenem Vereinsheim, das wir gern mit anderen teilen.',
    originRegions: ['Türkei', 'Kurdistan'],
    verified: true,
    owners: ['mehmet@demo.example.org'],
  },
  {
    key: 'elternverein',
    name: 'Deutsch-Türkischer Elternverein Heidelberg e.V.',
    kind: 'migrant_self_organization',
    languages: ['de', 'tr'],
    fields: ['education', 'parents', 'language_courses'],
    district: 'Bergheim',
    description:
      'Elterncafé, Hausaufgabenhilfe und Informationsabende zum Schulsystem – auf Deutsch und Türkisch.',
    originRegions: ['Türkei'],
    contactPhone: '06221 000111',
    verified: true,
    owners: ['elif@demo.example.org'],
    members: ['jonas@demo.example.org'],
  },
  {
    key: 'ukrainische-gemeinschaft',
    name: 'Ukrainische Gemeinschaft Rhein-Neckar e.V.',
    kind: 'migrant_self_organization',
    languages: ['uk', 'ru', 'de', 'en'],
    fields: ['culture', 'counselling', 'language_courses', 'children'],
    district: 'Weststadt',
    description: 'Beratung, Deutschkurse und Samstagsschule für Kinder aus der Ukraine.',
    originRegions: ['Ukraine'],
    verified: true,
    owners: ['olena@demo.example.org'],
  },
  {
    key: 'frauenverein',
    name: 'Syrisch-Deutscher Frauenverein Heidelberg',
    kind: 'migrant_self_organization',
    languages: ['ar', 'de'],
    fields: ['women', 'counselling', 'culture', 'cooking'],
    district: 'Kirchheim',
    description:
      'Frauentreff, Kochabende und Beratung. Wir suchen eine Küche für unsere monatlichen Kochabende.',
    originRegions: ['Syrien'],
    verified: true,
    owners: ['samira@demo.example.org'],
  },
  {
    key: 'afghanischer-kulturverein',
    name: 'Afghanischer Kultur- und Bildungsverein',
    kind: 'migrant_self_organization',
    languages: ['fa', 'ps', 'de'],
    fields: ['education', 'culture', 'youth'],
    district: 'Emmertsgrund',
    description: 'Nachhilfe, Dari-Unterricht für Kinder und Kulturabende.',
    originRegions: ['Afghanistan'],
    verified: false,
    owners: ['reza@demo.example.org'],
  },
  {
    key: 'eritreische-gemeinschaft',
    name: 'Eritreische Gemeinschaft Heidelberg',
    kind: 'migrant_self_organization',
    languages: ['ti', 'ar', 'de', 'en'],
    fields: ['culture', 'families', 'counselling'],
    district: 'Pfaffengrund',
    description: 'Treffen der eritreischen Familien, Feste und Unterstützung bei Behördengängen.',
    originRegions: ['Eritrea'],
    verified: false,
    owners: ['senait@demo.example.org'],
  },
  {
    key: 'raduga',
    name: 'Eltern-Initiative „Raduga“',
    kind: 'initiative',
    languages: ['ru', 'uk', 'de'],
    fields: ['children', 'education', 'language_courses'],
    district: 'Rohrbach',
    description:
      'Russischsprachige Eltern organisieren Spielgruppen und muttersprachlichen Unterricht.',
    verified: false,
    owners: ['natalia@demo.example.org'],
  },
  {
    key: 'sprachcafe',
    name: 'Sprachcafé International',
    kind: 'initiative',
    languages: ['de', 'en', 'ar', 'fa', 'uk', 'tr'],
    fields: ['language_courses', 'integration'],
    district: 'Altstadt',
    description: 'Jeden Donnerstag Deutsch üben bei Tee und Gebäck – für alle, ohne Anmeldung.',
    verified: true,
    owners: ['jonas@demo.example.org'],
    members: ['samira@demo.example.org'],
  },
  {
    key: 'nachbarschaft-weststadt',
    name: 'Nachbarschaftsinitiative Weststadt',
    kind: 'initiative',
    languages: ['de', 'en'],
    fields: ['neighbourhood', 'integration'],
    district: 'Weststadt',
    description: 'Wir betreiben den Stadtteiltreff und vermitteln Nachbarschaftshilfe.',
    verified: true,
    owners: ['jonas@demo.example.org'],
  },
  {
    key: 'freiwilligenagentur',
    name: 'Freiwilligenagentur Heidelberg',
    kind: 'other',
    languages: ['de', 'en', 'ar', 'tr', 'ru', 'uk'],
    fields: ['volunteering', 'integration', 'mentoring'],
    district: 'Bergheim',
    description:
      'Die Agentur betreibt „Raum für Engagement“ und das Forum der Migrantenorganisationen.',
    website: 'https://example.org/freiwilligenagentur',
    verified: true,
    owners: ['admin@demo.example.org'],
  },
];

export interface DemoVenue {
  key: string;
  organization: string;
  kind: VenueKindKey;
  /** Index into the kind's weekly patterns. */
  hours: number;
  name: string;
  street: string;
  district: string;
  postalCode: string;
  description: string;
  accessibilityNotes?: string;
  rooms: RoomSpec[];
}

export const DEMO_VENUES: DemoVenue[] = [
  {
    key: 'altstadt-haus-der-begegnung',
    organization: 'altstadtverein',
    kind: 'clubHouse',
    hours: 0,
    name: 'Haus der Begegnung Altstadt',
    street: 'Plöck 46',
    district: 'Altstadt',
    postalCode: '69117',
    description: 'Barockes Bürgerhaus in der Altstadt mit Gewölbekeller.',
    accessibilityNotes:
      'Altbau: Eingang mit drei Stufen, kein Aufzug. Der Keller ist nur über eine steile Treppe erreichbar.',
    rooms: [
      {
        kind: 'cellar',
        name: 'Gewölbekeller',
        capacity: 50,
        stepFree: false,
        hours: [{ days: [4, 5, 6], intervals: [['18:00', '23:30']] }],
        price: { kind: 'donation', cents: 2000 },
      },
      {
        kind: 'groupRoom',
        name: 'Kaminzimmer',
        capacity: 16,
        stepFree: false,
        description:
          'Gemütliches Zimmer mit Kamin und Teeküche im ersten Stock, für Lesekreise und kleine Treffen.',
        features: ['tea_kitchen'],
      },
    ],
  },
  {
    key: 'altstadt-gemeindehaus',
    organization: 'ev-altstadt',
    kind: 'parish',
    hours: 0,
    name: 'Ev. Gemeindehaus Heiliggeist',
    street: 'Heiliggeiststraße 17',
    district: 'Altstadt',
    postalCode: '69117',
    description: 'Gemeindehaus neben der Kirche, mit Saal und kleinen Gruppenräumen.',
    rooms: [
      {
        kind: 'parishHall',
        name: 'Gemeindesaal',
        capacity: 90,
        features: ['piano', 'kitchen'],
        stepFree: true,
        hearingLoop: true,
      },
      { kind: 'groupRoom', name: 'Gruppenraum 1', capacity: 14 },
      { kind: 'groupRoom', name: 'Gruppenraum 2', capacity: 10, stepFree: false },
    ],
  },
  {
    key: 'bergheim-stadtteilzentrum',
    organization: 'stadt-buergerhaeuser',
    kind: 'communityCentre',
    hours: 1,
    name: 'Stadtteilzentrum Bergheim',
    street: 'Alte Glockengießerei 9',
    district: 'Bergheim',
    postalCode: '69115',
    description:
      'Modernes Stadtteilzentrum mit Saal, Seminarräumen und Lehrküche, gut mit Bus und Bahn erreichbar.',
    accessibilityNotes:
      'Ebenerdiger Eingang, Aufzug, barrierefreie WCs auf jeder Etage, Induktionsschleife im Saal.',
    rooms: [
      {
        kind: 'hall',
        name: 'Saal',
        capacity: 150,
        areaSqm: 190,
        features: ['stage', 'projector', 'microphone'],
        stepFree: true,
        accessibleToilet: true,
        hearingLoop: true,
        price: { kind: 'hourly', cents: 2500 },
        policy: { requires_verified_organization: true },
      },
      {
        kind: 'seminar',
        name: 'Seminarraum 1',
        capacity: 30,
        stepFree: true,
        accessibleToilet: true,
      },
      {
        kind: 'seminar',
        name: 'Seminarraum 2',
        capacity: 20,
        stepFree: true,
        accessibleToilet: true,
        features: ['video_conferencing'],
      },
      {
        kind: 'kitchen',
        name: 'Lehrküche',
        capacity: 16,
        stepFree: true,
        accessibleToilet: true,
        description:
          'Lehrküche mit vier Kochinseln, Backöfen und Spülmaschine. Die Küche eignet sich für Kochkurse und interkulturelle Kochabende.',
      },
    ],
  },
  {
    key: 'bergheim-treffpunkt-engagement',
    organization: 'freiwilligenagentur',
    kind: 'meetingPlace',
    hours: 0,
    name: 'Treffpunkt Engagement',
    street: 'Bergheimer Straße 147',
    district: 'Bergheim',
    postalCode: '69115',
    description:
      'Die Räume der Freiwilligenagentur: hier finden das Forum und die Mentoring-Schulungen statt.',
    accessibilityNotes: 'Ebenerdig, barrierefreies WC, mobile Höranlage auf Nachfrage.',
    rooms: [
      {
        kind: 'seminar',
        name: 'Forum',
        capacity: 40,
        stepFree: true,
        accessibleToilet: true,
        hearingLoop: true,
        features: ['video_conferencing', 'screen'],
        policy: { approval: 'manual' },
      },
      {
        kind: 'meeting',
        name: 'Beratungsraum',
        capacity: 6,
        stepFree: true,
        accessibleToilet: true,
      },
    ],
  },
  {
    key: 'weststadt-stadtteiltreff',
    organization: 'nachbarschaft-weststadt',
    kind: 'meetingPlace',
    hours: 0,
    name: 'Stadtteiltreff Weststadt',
    street: 'Römerstraße 22',
    district: 'Weststadt',
    postalCode: '69115',
    description: 'Ehemaliges Ladenlokal, heute Nachbarschaftscafé mit Hinterzimmer.',
    rooms: [
      { kind: 'cafe', name: 'Nachbarschaftscafé', capacity: 30, stepFree: true, hearingLoop: true },
      { kind: 'family', name: 'Hinterzimmer', capacity: 12, stepFree: true },
    ],
  },
  {
    key: 'suedstadt-buergerhaus',
    organization: 'stadt-buergerhaeuser',
    kind: 'communityCentre',
    hours: 0,
    name: 'Bürgerhaus Südstadt',
    street: 'Kirschgartenstraße 33',
    district: 'Südstadt',
    postalCode: '69126',
    description:
      'Bürgerhaus in einem umgebauten Kasernengebäude, mit großem Saal und Bewegungsraum.',
    rooms: [
      {
        kind: 'hall',
        name: 'Großer Saal',
        capacity: 180,
        features: ['stage', 'kitchen'],
        stepFree: true,
        accessibleToilet: true,
        hearingLoop: true,
        price: { kind: 'hourly', cents: 3000 },
        policy: { min_duration_minutes: 120 },
      },
      {
        kind: 'movement',
        name: 'Bewegungsraum',
        capacity: 25,
        stepFree: true,
        accessibleToilet: true,
      },
      {
        kind: 'meeting',
        name: 'Besprechungsraum',
        capacity: 10,
        stepFree: true,
        accessibleToilet: true,
      },
    ],
  },
  {
    key: 'handschuhsheim-gemeindehaus',
    organization: 'ev-handschuhsheim',
    kind: 'parish',
    hours: 0,
    name: 'Ev. Gemeindehaus Handschuhsheim',
    street: 'Steinweg 10',
    district: 'Handschuhsheim',
    postalCode: '69121',
    description: 'Gemeindehaus mit Saal, Jugendkeller und großer Küche.',
    rooms: [
      {
        kind: 'parishHall',
        name: 'Gemeindesaal',
        capacity: 100,
        features: ['piano', 'kitchen', 'garden'],
        stepFree: true,
        accessibleToilet: true,
      },
      { kind: 'youth', name: 'Jugendkeller', capacity: 30, stepFree: false },
      {
        kind: 'kitchen',
        name: 'Küche',
        capacity: 12,
        stepFree: true,
        description:
          'Große Küche mit Gastro-Spülmaschine und Geschirr für 100 Personen; auch allein buchbar, z. B. für Kochgruppen.',
      },
    ],
  },
  {
    key: 'handschuhsheim-jugendzentrum',
    organization: 'stadtjugendring',
    kind: 'youthCentre',
    hours: 0,
    name: 'Jugendzentrum Handschuhsheim',
    street: 'Dossenheimer Landstraße 13',
    district: 'Handschuhsheim',
    postalCode: '69121',
    description: 'Offener Treff, Bandraum und Werkstatt für junge Leute aus dem Norden der Stadt.',
    rooms: [
      { kind: 'youth', name: 'Offener Treff', capacity: 40, stepFree: true },
      {
        kind: 'music',
        name: 'Bandraum',
        capacity: 10,
        stepFree: false,
        features: ['sound_system', 'microphone'],
      },
    ],
  },
  {
    key: 'neuenheim-schule',
    organization: 'schulen',
    kind: 'school',
    hours: 0,
    name: 'Gemeinschaftsschule Neuenheim',
    street: 'Mönchhofstraße 28',
    district: 'Neuenheim',
    postalCode: '69120',
    description:
      'Schule mit Aula, Turnhalle und Schulküche. Vergabe nur außerhalb der Unterrichtszeiten.',
    rooms: [
      {
        kind: 'hall',
        name: 'Aula',
        capacity: 200,
        features: ['stage', 'piano', 'projector'],
        stepFree: true,
        accessibleToilet: true,
        hearingLoop: true,
      },
      { kind: 'gym', name: 'Turnhalle', capacity: 60, stepFree: true, accessibleToilet: true },
      {
        kind: 'kitchen',
        name: 'Schulküche',
        capacity: 18,
        stepFree: true,
        description:
          'Schulküche mit acht Kochplätzen. Die Küche wird nach der Nutzung vom Hausmeister abgenommen.',
      },
      { kind: 'music', name: 'Musiksaal', capacity: 30, stepFree: false },
    ],
  },
  {
    key: 'wieblingen-vereinshaus',
    organization: 'stadtteilverein-wieblingen',
    kind: 'clubHouse',
    hours: 1,
    name: 'Vereinshaus Wieblingen',
    street: 'Mannheimer Straße 259',
    district: 'Wieblingen',
    postalCode: '69123',
    description: 'Vereinshaus am Ortsrand mit Saal, Vereinsraum und Parkplätzen.',
    rooms: [
      {
        kind: 'hall',
        name: 'Vereinssaal',
        capacity: 80,
        features: ['kitchen', 'parking'],
        stepFree: true,
        price: { kind: 'hourly', cents: 1500 },
      },
      { kind: 'groupRoom', name: 'Vereinsraum', capacity: 20, stepFree: true },
    ],
  },
  {
    key: 'pfaffengrund-gemeinschaftshaus',
    organization: 'stadt-buergerhaeuser',
    kind: 'communityCentre',
    hours: 2,
    name: 'Gemeinschaftshaus Pfaffengrund',
    street: 'Marktstraße 14',
    district: 'Pfaffengrund',
    postalCode: '69123',
    description: 'Gemeinschaftshaus im Zentrum des Stadtteils mit Saal und Küche.',
    rooms: [
      {
        kind: 'hall',
        name: 'Saal',
        capacity: 120,
        features: ['kitchen'],
        stepFree: true,
        accessibleToilet: true,
      },
      {
        kind: 'groupRoom',
        name: 'Gruppenraum',
        capacity: 18,
        stepFree: true,
        accessibleToilet: true,
      },
      {
        kind: 'family',
        name: 'Eltern-Kind-Raum',
        capacity: 15,
        stepFree: true,
        accessibleToilet: true,
      },
    ],
  },
  {
    key: 'kirchheim-buergerzentrum',
    organization: 'stadt-buergerhaeuser',
    kind: 'communityCentre',
    hours: 0,
    name: 'Bürgerzentrum Kirchheim',
    street: 'Hegenichstraße 1',
    district: 'Kirchheim',
    postalCode: '69124',
    description: 'Großes Bürgerzentrum mit zwei Sälen, Seminarraum und Lehrküche.',
    rooms: [
      {
        kind: 'hall',
        name: 'Großer Saal',
        capacity: 200,
        features: ['stage', 'microphone'],
        stepFree: true,
        accessibleToilet: true,
        hearingLoop: true,
        price: { kind: 'hourly', cents: 3500 },
        policy: { requires_verified_organization: true, monthly_hours_per_organization: 16 },
      },
      {
        kind: 'hall',
        name: 'Kleiner Saal',
        capacity: 60,
        stepFree: true,
        accessibleToilet: true,
        price: { kind: 'free' },
      },
      {
        kind: 'seminar',
        name: 'Seminarraum',
        capacity: 24,
        stepFree: true,
        accessibleToilet: true,
      },
      { kind: 'kitchen', name: 'Lehrküche', capacity: 14, stepFree: true, accessibleToilet: true },
    ],
  },
  {
    key: 'kirchheim-kulturbruecke',
    organization: 'kulturbruecke',
    kind: 'clubHouse',
    hours: 0,
    name: 'Vereinsheim Kulturbrücke',
    street: 'Schwetzinger Straße 50',
    district: 'Kirchheim',
    postalCode: '69124',
    description:
      'Unser Vereinsheim mit Saal, Küche und Gebetsraum – Gäste anderer Vereine sind willkommen.',
    rooms: [
      {
        kind: 'hall',
        name: 'Vereinssaal',
        capacity: 70,
        features: ['kitchen'],
        stepFree: true,
        description:
          'Saal mit Küche für Feste, Hochzeitsvorbereitungen und Kulturabende. Teppich und Tische vorhanden.',
        price: { kind: 'donation', cents: 1000 },
      },
      { kind: 'quiet', name: 'Gebetsraum', capacity: 30, stepFree: true, price: { kind: 'free' } },
    ],
  },
  {
    key: 'rohrbach-gemeindehaus',
    organization: 'kath-rohrbach',
    kind: 'parish',
    hours: 1,
    name: 'Kath. Gemeindehaus Rohrbach',
    street: 'Rathausstraße 40',
    district: 'Rohrbach',
    postalCode: '69126',
    description: 'Gemeindehaus gegenüber der Kirche, mit Pfarrsaal und Familienraum.',
    rooms: [
      {
        kind: 'parishHall',
        name: 'Pfarrsaal',
        capacity: 80,
        features: ['kitchen', 'stage'],
        stepFree: false,
        price: { kind: 'donation', cents: 2000 },
      },
      { kind: 'family', name: 'Familienraum', capacity: 20, stepFree: true },
    ],
  },
  {
    key: 'emmertsgrund-buergerhaus',
    organization: 'stadt-buergerhaeuser',
    kind: 'communityCentre',
    hours: 0,
    name: 'Bürgerhaus Emmertsgrund',
    street: 'Forum 1',
    district: 'Emmertsgrund',
    postalCode: '69126',
    description:
      'Bürgerhaus im Zentrum des Emmertsgrunds, Treffpunkt vieler internationaler Gruppen.',
    rooms: [
      {
        kind: 'hall',
        name: 'Saal',
        capacity: 140,
        features: ['stage', 'kitchen'],
        stepFree: true,
        accessibleToilet: true,
        hearingLoop: true,
      },
      { kind: 'seminar', name: 'Medienraum', capacity: 16, stepFree: true, accessibleToilet: true },
      {
        kind: 'family',
        name: 'Eltern-Kind-Raum',
        capacity: 15,
        stepFree: true,
        accessibleToilet: true,
      },
      { kind: 'kitchen', name: 'Küche', capacity: 10, stepFree: true, accessibleToilet: true },
    ],
  },
  {
    key: 'boxberg-jugendzentrum',
    organization: 'stadtjugendring',
    kind: 'youthCentre',
    hours: 1,
    name: 'Jugendzentrum Boxberg',
    street: 'Boxbergring 14',
    district: 'Boxberg',
    postalCode: '69126',
    description: 'Jugendzentrum am Waldrand mit großem Bewegungsraum.',
    rooms: [
      { kind: 'youth', name: 'Jugendraum', capacity: 30, stepFree: true },
      { kind: 'movement', name: 'Bewegungsraum', capacity: 30, stepFree: true },
    ],
  },
  {
    key: 'ziegelhausen-alte-schule',
    organization: 'alte-schule-ziegelhausen',
    kind: 'clubHouse',
    hours: 1,
    name: 'Alte Schule Ziegelhausen',
    street: 'Kleingemünder Straße 18',
    district: 'Ziegelhausen',
    postalCode: '69118',
    description: 'Historisches Schulhaus von 1890 mit Saal im Obergeschoss und Werkraum.',
    accessibilityNotes:
      'Der Werkraum im Erdgeschoss ist stufenlos erreichbar, der Saal im Obergeschoss nur über die Treppe.',
    rooms: [
      {
        kind: 'hall',
        name: 'Saal im Obergeschoss',
        capacity: 60,
        stepFree: false,
        accessibleToilet: false,
      },
      { kind: 'workshop', name: 'Werkraum', capacity: 14, stepFree: true },
    ],
  },
  {
    key: 'schlierbach-gemeindehaus',
    organization: 'ev-schlierbach',
    kind: 'parish',
    hours: 1,
    name: 'Ev. Gemeindehaus Schlierbach',
    street: 'Schlierbacher Landstraße 130',
    district: 'Schlierbach',
    postalCode: '69118',
    description: 'Kleines Gemeindehaus mit Garten direkt am Neckar.',
    rooms: [
      {
        kind: 'parishHall',
        name: 'Gemeindesaal',
        capacity: 50,
        features: ['garden', 'kitchen'],
        stepFree: true,
      },
    ],
  },
  {
    key: 'bahnstadt-stadtteilzentrum',
    organization: 'stadt-buergerhaeuser',
    kind: 'communityCentre',
    hours: 2,
    name: 'Stadtteilzentrum Bahnstadt',
    street: 'Gadamerplatz 1',
    district: 'Bahnstadt',
    postalCode: '69115',
    description:
      'Neues Stadtteilzentrum im Passivhausstandard, mit Saal, Seminarraum, Küche und Bewegungsraum.',
    accessibilityNotes:
      'Vollständig barrierefrei: stufenlos, Aufzug, barrierefreie WCs, Induktionsschleifen im Saal und im Seminarraum.',
    rooms: [
      {
        kind: 'hall',
        name: 'Saal',
        capacity: 160,
        features: ['stage', 'projector', 'screen', 'wifi'],
        stepFree: true,
        accessibleToilet: true,
        hearingLoop: true,
        policy: { approval: 'automatic', requires_verified_organization: true },
      },
      {
        kind: 'seminar',
        name: 'Seminarraum',
        capacity: 28,
        stepFree: true,
        accessibleToilet: true,
        hearingLoop: true,
      },
      {
        kind: 'kitchen',
        name: 'Gemeinschaftsküche',
        capacity: 16,
        stepFree: true,
        accessibleToilet: true,
      },
      {
        kind: 'movement',
        name: 'Bewegungsraum',
        capacity: 30,
        stepFree: true,
        accessibleToilet: true,
      },
      {
        kind: 'meeting',
        name: 'Projektbüro',
        capacity: 6,
        stepFree: true,
        accessibleToilet: true,
        active: false,
        description: 'Zurzeit nicht buchbar: das Büro wird von der Stadtteilarbeit genutzt.',
      },
    ],
  },
];
