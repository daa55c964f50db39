import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ToInt, Trim } from '../../common/validation/transforms';

/** A request as a person types it: a day and two times in the room's zone, maybe weekly. */
export class BookingForm {
  @IsUUID()
  roomId!: string;

  @IsUUID()
  organizationId!: string;

  @Trim()
  @IsString()
  @Length(1, 200)
  title!: string;

  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  date!: string;

  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  from!: string;

  @Matches(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/)
  to!: string;

  @IsIn(['once', 'weekly'])
  repeat!: 'once' | 'weekly';

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  until?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  purpose?: string;

  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10000)
  attendees?: number;

  /** "Book the free dates" of a series whose other dates are taken. */
  @IsOptional()
  @IsIn(['1'])
  partial?: string;
}

/** Approve, decline or cancel, with an optional reason. */
export class DecisionForm {
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @IsIn(['approve', 'decline'])
  @IsOptional()
  decision?: 'approve' | 'decline';

  @IsOptional()
  @IsIn(['occurrence', 'following', 'series'])
  scope?: 'occurrence' | 'following' | 'series';
}
