import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsPostalCode,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsCalendarDate, IsTimeZone, IsWallClockTime } from '../../common/validation/time';
import { ToArray, ToInt, Trim } from '../../common/validation/transforms';
import { APPROVAL_MODES, PRICE_KINDS, ROOM_FEATURES } from '../../rooms/rooms.contract';
import { FormValues } from '../shell/form';

/** A checked box posts "on"; an unchecked one posts nothing. */
const CHECKED = ['on'];

/** One entry (a URL, a name) a line, blank lines left out. */
export const ToLines = () =>
  Transform(({ value }: { value: unknown }): unknown =>
    typeof value === 'string'
      ? value
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean)
      : value,
  );

/** "12,50" or "12.50" euros. */
const EUROS = /^\d{1,4}([.,]\d{1,2})?$/;
/** "35,5" or "35.5" square metres. */
const AREA = /^\d{1,6}([.,]\d)?$/;

/** A venue: the API's rules, the address as three fields. */
export class VenueForm {
  @Trim()
  @IsString()
  @Length(2, 150)
  name!: string;

  @Trim()
  @IsString()
  @Length(1, 200)
  street!: string;

  @Trim()
  @IsPostalCode('DE')
  postalCode!: string;

  @Trim()
  @IsString()
  @Length(1, 100)
  city!: string;

  @Trim()
  @IsString()
  @Length(1, 80)
  district!: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  accessibilityNotes?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(4000)
  description?: string;
}

/** A new venue is made for one of the user's organisations. */
export class NewVenueForm extends VenueForm {
  @IsUUID()
  organizationId!: string;
}

/** A room with its price and booking policy: the API's rules, as one flat form. */
export class RoomForm {
  @Trim()
  @IsString()
  @Length(1, 150)
  name!: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity!: number;

  @IsOptional()
  @Trim()
  @Matches(AREA)
  areaSqm?: string;

  @ToArray()
  @IsArray()
  @IsIn(ROOM_FEATURES, { each: true })
  features!: string[];

  @IsOptional()
  @IsIn(CHECKED)
  stepFree?: string;

  @IsOptional()
  @IsIn(CHECKED)
  accessibleToilet?: string;

  @IsOptional()
  @IsIn(CHECKED)
  hearingLoop?: string;

  @IsOptional()
  @ToLines()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true })
  @MaxLength(500, { each: true })
  photos?: string[];

  @IsIn(PRICE_KINDS)
  priceKind!: (typeof PRICE_KINDS)[number];

  @IsOptional()
  @Trim()
  @Matches(EUROS)
  priceAmount?: string;

  @Trim()
  @IsTimeZone()
  timeZone!: string;

  @IsOptional()
  @IsIn(CHECKED)
  active?: string;

  @IsIn(APPROVAL_MODES)
  approval!: (typeof APPROVAL_MODES)[number];

  @ToInt()
  @IsInt()
  @Min(5)
  @Max(1440)
  minDurationMinutes!: number;

  @ToInt()
  @IsInt()
  @Min(5)
  @Max(10080)
  maxDurationMinutes!: number;

  @ToInt()
  @IsInt()
  @Min(0)
  @Max(8760)
  leadTimeHours!: number;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(1095)
  horizonDays!: number;

  @ToInt()
  @IsInt()
  @Min(0)
  @Max(240)
  bufferMinutes!: number;

  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(744)
  monthlyHoursPerOrganization?: number;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(720)
  requestExpiryHours!: number;

  @IsOptional()
  @IsIn(CHECKED)
  requiresVerifiedOrganization?: string;
}

/** One weekday's opening hours: up to two periods (morning, afternoon), each optional. */
export const HOURS_PERIODS = 2;

/** The week of opening hours: `opens-1-0`, `closes-1-0` … per weekday and period, from a date. */
export class OpeningHoursForm {
  @IsOptional()
  @IsCalendarDate()
  validFrom?: string;
}

export class ClosureForm {
  @IsCalendarDate()
  startDate!: string;

  @IsWallClockTime()
  startTime!: string;

  @IsCalendarDate()
  endDate!: string;

  @IsWallClockTime()
  endTime!: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** A room's stored values as the form shows them. */
export function roomValues(room: {
  name: string;
  description: string | null;
  capacity: number;
  areaSqm: number | null;
  features: string[];
  accessibility: { stepFree: boolean; accessibleToilet: boolean; hearingLoop: boolean };
  photos: string[];
  price: { kind: string; amountCents: number | null };
  timeZone: string;
  active: boolean;
  policy: object;
}): FormValues {
  const on = (flag: boolean) => (flag ? 'on' : '');
  const policy = Object.fromEntries(
    Object.entries(room.policy).map(([key, value]) => [
      key,
      typeof value === 'boolean' ? on(value) : value === null ? '' : String(value),
    ]),
  );
  return {
    ...policy,
    name: room.name,
    description: room.description ?? '',
    capacity: String(room.capacity),
    areaSqm: room.areaSqm === null ? '' : String(room.areaSqm),
    features: room.features,
    stepFree: on(room.accessibility.stepFree),
    accessibleToilet: on(room.accessibility.accessibleToilet),
    hearingLoop: on(room.accessibility.hearingLoop),
    photos: room.photos.join('\n'),
    priceKind: room.price.kind,
    priceAmount: room.price.amountCents === null ? '' : (room.price.amountCents / 100).toFixed(2),
    timeZone: room.timeZone,
    active: on(room.active),
  };
}

/** What the rooms service takes, from a checked form. */
export function roomInput(form: RoomForm) {
  const decimal = (text: string) => Number(text.replace(',', '.'));
  return {
    name: form.name,
    description: form.description ?? null,
    capacity: form.capacity,
    areaSqm: form.areaSqm ? decimal(form.areaSqm) : null,
    features: [...new Set(form.features)] as (typeof ROOM_FEATURES)[number][],
    accessibility: {
      stepFree: form.stepFree === 'on',
      accessibleToilet: form.accessibleToilet === 'on',
      hearingLoop: form.hearingLoop === 'on',
    },
    photos: form.photos ?? [],
    price: {
      kind: form.priceKind,
      amountCents: form.priceAmount ? Math.round(decimal(form.priceAmount) * 100) : null,
    },
    timeZone: form.timeZone,
    active: form.active === 'on',
    policy: {
      approval: form.approval,
      minDurationMinutes: form.minDurationMinutes,
      maxDurationMinutes: form.maxDurationMinutes,
      leadTimeHours: form.leadTimeHours,
      horizonDays: form.horizonDays,
      bufferMinutes: form.bufferMinutes,
      monthlyHoursPerOrganization: form.monthlyHoursPerOrganization ?? null,
      requestExpiryHours: form.requestExpiryHours,
      requiresVerifiedOrganization: form.requiresVerifiedOrganization === 'on',
    },
  };
}

/**
 * A service's field (`policy.maxDurationMinutes`, `price.amountCents`, `address.street`,
 * `[0].closes`) as the flat form names it.
 */
export function formFieldOf(field: string): string {
  const last =
    field
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? field;
  return { amountCents: 'priceAmount', kind: 'priceKind', currency: 'priceAmount' }[last] ?? last;
}
