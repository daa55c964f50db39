import { OrganizationKind } from '../../src/organizations/organization.entity';
import { RoomKindKey } from './room-kinds';
import { RoomRow } from './rows';

/** One weekly rule: these weekdays, these intervals (local wall-clock time). */
export interface HoursRule {
  days: number[];
  intervals: [string, string][];
}

type Policy = Pick<
  RoomRow,
  | 'approval'
  | 'min_duration_minutes'
  | 'max_duration_minutes'
  | 'lead_time_hours'
  | 'horizon_days'
  | 'buffer_minutes'
  | 'monthly_hours_per_organization'
  | 'request_expiry_hours'
  | 'requires_verified_organization'
>;

/**
 * The kinds of venue that lend rooms in the city, and how each tends to do it: when it is
 * open, how it decides on requests, whether it charges, when it closes for the holidays.
 */
export interface VenueKind {
  /** Used for generated names: "Bürgerhaus Kirchheim". */
  label: string;
  ownerKinds: OrganizationKind[];
  roomKinds: RoomKindKey[];
  hours: HoursRule[][];
  policy: Policy;
  /** 'free' always, or the share of rooms that charge by the hour or ask for a donation. */
  pricing: { hourly: number; donation: number };
  stepFreeChance: number;
  closesForSchoolHolidays: boolean;
  accessibilityNotes: string[];
}

const WEEKDAYS = [1, 2, 3, 4, 5];

export const VENUE_KINDS = {
  communityCentre: {
    label: 'Bürgerhaus',
    ownerKinds: ['public_facility', 'association'],
    roomKinds: ['hall', 'seminar', 'groupRoom', 'kitchen', 'cafe', 'movement', 'meeting', 'family'],
    hours: [
      [
        { days: WEEKDAYS, intervals: [['08:00', '22:00']] },
        { days: [6], intervals: [['09:00', '18:00']] },
      ],
      [
        {
          days: WEEKDAYS,
          intervals: [
            ['09:00', '12:30'],
            ['14:00', '21:30'],
          ],
        },
        { days: [6], intervals: [['10:00', '16:00']] },
      ],
      [
        { days: [1, 2, 3, 4], intervals: [['08:30', '22:00']] },
        { days: [5], intervals: [['08:30', '23:00']] },
        { days: [6, 7], intervals: [['10:00', '20:00']] },
      ],
    ],
    policy: {
      approval: 'manual',
      min_duration_minutes: 60,
      max_duration_minutes: 720,
      lead_time_hours: 72,
      horizon_days: 180,
      buffer_minutes: 30,
      monthly_hours_per_organization: 40,
      request_expiry_hours: 72,
      requires_verified_organization: false,
    },
    pricing: { hourly: 0.25, donation: 0.1 },
    stepFreeChance: 0.9,
    closesForSchoolHolidays: false,
    accessibilityNotes: [
      'Stufenloser Eingang, Aufzug in alle Etagen, barrierefreies WC im Erdgeschoss.',
      'Rampe am Haupteingang, Aufzug vorhanden. Behindertenparkplatz direkt vor dem Haus.',
      'Der Eingang ist ebenerdig, die Türen öffnen automatisch.',
    ],
  },
  parish: {
    label: 'Gemeindehaus',
    ownerKinds: ['religious_community'],
    roomKinds: ['parishHall', 'groupRoom', 'kitchen', 'youth', 'music', 'family'],
    hours: [
      [
        {
          days: [1, 2, 3, 4, 5, 6],
          intervals: [
            ['09:00', '12:00'],
            ['14:00', '22:00'],
          ],
        },
        { days: [7], intervals: [['13:00', '20:00']] },
      ],
      [
        { days: [2, 3, 4], intervals: [['10:00', '21:00']] },
        { days: [6], intervals: [['10:00', '22:00']] },
        { days: [7], intervals: [['12:30', '18:00']] },
      ],
    ],
    policy: {
      approval: 'manual',
      min_duration_minutes: 60,
      max_duration_minutes: 480,
      lead_time_hours: 48,
      horizon_days: 365,
      buffer_minutes: 15,
      monthly_hours_per_organization: null,
      request_expiry_hours: 120,
      requires_verified_organization: false,
    },
    pricing: { hourly: 0, donation: 0.5 },
    stepFreeChance: 0.5,
    closesForSchoolHolidays: false,
    accessibilityNotes: [
      'Der Saal ist über eine Rampe an der Seite des Hauses stufenlos erreichbar.',
      'Drei Stufen am Eingang, eine mobile Rampe ist auf Nachfrage vorhanden.',
      'Gruppenräume im Obergeschoss nur über die Treppe erreichbar.',
    ],
  },
  school: {
    label: 'Schule',
    ownerKinds: ['public_facility'],
    roomKinds: ['hall', 'gym', 'kitchen', 'seminar', 'music', 'workshop'],
    hours: [
      [
        { days: WEEKDAYS, intervals: [['16:00', '21:30']] },
        { days: [6], intervals: [['09:00', '14:00']] },
      ],
      [{ days: WEEKDAYS, intervals: [['17:00', '22:00']] }],
    ],
    policy: {
      approval: 'manual',
      min_duration_minutes: 60,
      max_duration_minutes: 240,
      lead_time_hours: 168,
      horizon_days: 180,
      buffer_minutes: 15,
      monthly_hours_per_organization: 16,
      request_expiry_hours: 120,
      requires_verified_organization: true,
    },
    pricing: { hourly: 0, donation: 0 },
    stepFreeChance: 0.7,
    closesForSchoolHolidays: true,
    accessibilityNotes: [
      'Zugang über den Schulhof, Aufzug zum Obergeschoss. Hausmeister bitte vorher anrufen.',
      'Aula und Turnhalle ebenerdig erreichbar, Fachräume nur über die Treppe.',
    ],
  },
  youthCentre: {
    label: 'Jugendzentrum',
    ownerKinds: ['association', 'public_facility'],
    roomKinds: ['youth', 'music', 'movement', 'groupRoom', 'workshop', 'kitchen'],
    hours: [
      [
        {
          days: [2, 3, 4, 5, 6],
          intervals: [
            ['09:00', '13:00'],
            ['18:00', '22:00'],
          ],
        },
      ],
      [
        { days: [1, 3, 5], intervals: [['10:00', '15:00']] },
        { days: [6], intervals: [['12:00', '22:00']] },
      ],
    ],
    policy: {
      approval: 'automatic',
      min_duration_minutes: 30,
      max_duration_minutes: 300,
      lead_time_hours: 24,
      horizon_days: 90,
      buffer_minutes: 0,
      monthly_hours_per_organization: 20,
      request_expiry_hours: 48,
      requires_verified_organization: false,
    },
    pricing: { hourly: 0, donation: 0.2 },
    stepFreeChance: 0.6,
    closesForSchoolHolidays: false,
    accessibilityNotes: [
      'Erdgeschoss stufenlos, Bandraum im Keller nur über die Treppe.',
      'Alle Räume liegen ebenerdig.',
    ],
  },
  clubHouse: {
    label: 'Vereinsheim',
    ownerKinds: ['association', 'migrant_self_organization', 'initiative'],
    roomKinds: ['hall', 'groupRoom', 'kitchen', 'quiet', 'meeting', 'cafe'],
    hours: [
      [
        { days: [1, 3, 5], intervals: [['17:00', '22:00']] },
        { days: [6], intervals: [['10:00', '22:00']] },
        { days: [7], intervals: [['10:00', '18:00']] },
      ],
      [
        { days: [2, 4], intervals: [['18:00', '22:00']] },
        {
          days: [6, 7],
          intervals: [
            ['11:00', '14:00'],
            ['15:00', '21:00'],
          ],
        },
      ],
    ],
    policy: {
      approval: 'manual',
      min_duration_minutes: 60,
      max_duration_minutes: 600,
      lead_time_hours: 48,
      horizon_days: 120,
      buffer_minutes: 30,
      monthly_hours_per_organization: null,
      request_expiry_hours: 72,
      requires_verified_organization: false,
    },
    pricing: { hourly: 0.1, donation: 0.5 },
    stepFreeChance: 0.4,
    closesForSchoolHolidays: false,
    accessibilityNotes: [
      'Zwei Stufen am Eingang, keine Rampe. Das WC liegt im Untergeschoss.',
      'Ebenerdiger Zugang vom Hof aus.',
    ],
  },
  meetingPlace: {
    label: 'Stadtteiltreff',
    ownerKinds: ['initiative', 'association', 'other'],
    roomKinds: ['cafe', 'groupRoom', 'family', 'meeting', 'kitchen', 'workshop'],
    hours: [
      [
        { days: WEEKDAYS, intervals: [['10:00', '20:00']] },
        { days: [6], intervals: [['10:00', '14:00']] },
      ],
      [{ days: [1, 2, 3, 4, 5, 6, 7], intervals: [['09:00', '21:00']] }],
    ],
    policy: {
      approval: 'automatic',
      min_duration_minutes: 30,
      max_duration_minutes: 480,
      lead_time_hours: 24,
      horizon_days: 120,
      buffer_minutes: 15,
      monthly_hours_per_organization: 30,
      request_expiry_hours: 48,
      requires_verified_organization: false,
    },
    pricing: { hourly: 0, donation: 0.3 },
    stepFreeChance: 0.8,
    closesForSchoolHolidays: false,
    accessibilityNotes: [
      'Stufenloser Zugang und barrierefreies WC. Induktive Höranlage im Café.',
      'Ladenlokal mit ebenerdigem Eingang.',
    ],
  },
} satisfies Record<string, VenueKind>;

export type VenueKindKey = keyof typeof VENUE_KINDS;
