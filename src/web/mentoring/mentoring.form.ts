import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
import { ToArray, ToInt, Trim } from '../../common/validation/transforms';
import {
  MEETING_FORMATS,
  MeetingFormat,
  TIMES_OF_WEEK,
  TimeOfWeek,
  URGENCIES,
  Urgency,
} from '../../mentoring/mentoring.contract';
import { listOf } from '../manage/form-errors';

/** A topic's key, as the API's DTOs check it. */
const TOPIC_KEY = /^[a-z][a-z0-9_]{1,39}$/;

/** Languages typed as "de, tr": the API's list of one to ten ISO 639-1 codes. */
const LanguagesField = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }): unknown =>
      typeof value === 'string' ? listOf(value.toLowerCase()) : value,
    ),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(10),
    IsISO6391({ each: true }),
  );

/** "My mentor profile": the API's rules (MentorProfileDto), languages as one text field. */
export class MentorProfileForm {
  @LanguagesField()
  languages!: string[];

  @ToArray()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TOPIC_KEY, { each: true })
  topics!: string[];

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  bio?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  district?: string;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10)
  capacity!: number;

  @ToArray()
  @IsArray()
  @IsIn(TIMES_OF_WEEK, { each: true })
  availability!: TimeOfWeek[];
}

/** "Ask for a mentor": the API's rules (CreateMentoringRequestDto). */
export class MentoringRequestForm {
  @IsUUID()
  organizationId!: string;

  @Matches(TOPIC_KEY)
  topic!: string;

  @LanguagesField()
  languages!: string[];

  @Trim()
  @IsString()
  @Length(1, 5000)
  description!: string;

  @ToArray()
  @IsArray()
  @IsIn(TIMES_OF_WEEK, { each: true })
  preferredTimes!: TimeOfWeek[];

  @IsIn(URGENCIES)
  urgency!: Urgency;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  district?: string;
}

/** Staff's "propose this mentor". */
export class ProposeForm {
  @IsUUID()
  mentorId!: string;
}

/** The mentor's "decline", with an optional reason. */
export class DeclineForm {
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  declineReason?: string;
}

/** Ending an assignment early: either side, always with a reason. */
export class EndForm {
  @Trim()
  @IsString()
  @Length(1, 500)
  reason!: string;
}

/** A meeting as the mentor logs it: day and time in the city's zone. */
export class MeetingForm {
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  date!: string;

  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  time!: string;

  @ToInt()
  @IsInt()
  @Min(5)
  @Max(720)
  durationMinutes!: number;

  @IsIn(MEETING_FORMATS)
  format!: MeetingFormat;

  @ToArray()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(TOPIC_KEY, { each: true })
  topics!: string[];

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}
