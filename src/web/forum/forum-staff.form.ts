import { applyDecorators } from '@nestjs/common';
import { PickType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEmail,
  IsIn,
  IsInt,
  IsISO6391,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsCalendarDate, IsWallClockTime } from '../../common/validation/time';
import { ToInt, ToList, Trim } from '../../common/validation/transforms';
import { AUDIENCES, Audience, SESSION_KINDS, SessionKind } from '../../forum/forum.contract';
import { ToLines } from '../owner/owner-forms';
import { RegistrantForm } from './forum.form';

/** A local date and time as a `datetime-local` field sends it ("2027-03-03T18:00"). */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

const translatedTitle = () => applyDecorators(IsOptional(), Trim(), IsString(), Length(1, 200));
const translatedDescription = () =>
  applyDecorators(IsOptional(), Trim(), IsString(), MaxLength(5000));

/** What a session is, apart from its dates: the API's rules, lists as typed text. */
export class SessionContentForm {
  @IsIn(SESSION_KINDS)
  kind!: SessionKind;

  @Trim()
  @IsString()
  @Length(1, 200)
  title!: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  description?: string;

  /** Title and description in further languages (`titleEn`, `descriptionEn`, …). */
  @translatedTitle() titleEn?: string;
  @translatedDescription() descriptionEn?: string;
  @translatedTitle() titleTr?: string;
  @translatedDescription() descriptionTr?: string;
  @translatedTitle() titleAr?: string;
  @translatedDescription() descriptionAr?: string;
  @translatedTitle() titleRu?: string;
  @translatedDescription() descriptionRu?: string;
  @translatedTitle() titleUk?: string;
  @translatedDescription() descriptionUk?: string;

  @Matches(/^[a-z][a-z0-9_]{1,39}$/)
  topic!: string;

  @IsOptional()
  @ToLines()
  @ArrayMaxSize(10)
  @Length(1, 120, { each: true })
  speakers?: string[];

  /** "de, tr": codes of the languages spoken. */
  @ToList()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsISO6391({ each: true })
  languages!: string[];

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  accessibilityNotes?: string;

  @IsUUID()
  roomId!: string;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity!: number;

  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10000)
  maxPlacesPerOrganization?: number;

  @IsIn(AUDIENCES)
  audience!: Audience;
}

/** One session: a day and two times in the room's zone, and the registration window. */
export class SessionForm extends SessionContentForm {
  @IsCalendarDate()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  date!: string;

  @IsWallClockTime()
  from!: string;

  @IsWallClockTime()
  to!: string;

  @IsOptional()
  @Matches(LOCAL_DATE_TIME)
  registrationOpensAt?: string;

  @IsOptional()
  @Matches(LOCAL_DATE_TIME)
  registrationClosesAt?: string;

  /** A date of a series that could not get its room, planned here in another one. */
  @IsOptional()
  @IsUUID()
  seriesId?: string;
}

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** "every week", or the first … fourth or last such weekday of each month. */
export const SERIES_ORDINALS = ['every', '1', '2', '3', '4', '-1'] as const;

/** A series in plain words: "every first Wednesday, 18:00–20:00, February to December". */
export class SeriesForm extends SessionContentForm {
  @IsIn(WEEKDAYS)
  weekday!: (typeof WEEKDAYS)[number];

  @IsIn(SERIES_ORDINALS)
  ordinal!: (typeof SERIES_ORDINALS)[number];

  @IsWallClockTime()
  from!: string;

  @IsWallClockTime()
  to!: string;

  /** The first and the last month ("2027-02"). */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  firstMonth!: string;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  lastMonth!: string;
}

/** Someone registered by staff, by phone or at the door: the e-mail may be left out. */
export class DoorRegistrationForm extends RegistrantForm {
  @IsOptional()
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class CancelSessionForm {
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** "Move here": a larger free room from the forum's list, and the places to offer in it. */
export class MoveSessionForm extends PickType(SessionContentForm, [
  'roomId',
  'capacity',
] as const) {}
