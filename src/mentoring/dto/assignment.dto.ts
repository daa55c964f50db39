import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
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
import { IsOmittable } from '../../common/validation/omittable';
import { IsInstant } from '../../common/validation/time';
import { ASSIGNMENT_STATUSES, AssignmentStatus, ENDED_BY, EndedBy } from '../assignment.entity';
import { MEETING_FORMATS, MeetingFormat } from '../meeting.entity';
import { TOPIC_KEY } from './mentor.dto';

export class ProposeMentorDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  mentorId!: string;

  @ApiProperty({ required: false, maxLength: 1000, description: 'For the mentor, in the mail' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  message?: string;
}

export class DecisionDto {
  @ApiProperty({ required: false, maxLength: 500 })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class EndAssignmentDto {
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Told to the other side' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class AssignmentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  requestId!: string;

  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'Null once the mentor deleted their account',
  })
  mentorId!: string | null;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ enum: ASSIGNMENT_STATUSES })
  status!: AssignmentStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acceptedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  endReason!: string | null;

  @ApiProperty({ enum: ENDED_BY, nullable: true, type: String })
  endedBy!: EndedBy | null;
}

export class CreateMeetingDto {
  @ApiProperty({ format: 'date-time', example: '2027-03-03T18:00:00+01:00' })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({ type: 'integer', minimum: 5, maximum: 720 })
  @IsInt()
  @Min(5)
  @Max(720)
  durationMinutes!: number;

  @ApiProperty({ enum: MEETING_FORMATS })
  @IsIn(MEETING_FORMATS)
  format!: MeetingFormat;

  @ApiProperty({ type: [String], required: false, description: 'Keys of GET /api/topics' })
  @IsOmittable()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(TOPIC_KEY, { each: true })
  topics?: string[];

  @ApiProperty({ required: false, maxLength: 5000, description: 'Private: mentor and staff' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description: 'Book this room for the meeting, in the organisation’s name, under its rules',
  })
  @IsOptional()
  @IsUUID()
  roomId?: string;
}

export class MeetingResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  assignmentId!: string;

  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ type: 'integer' })
  durationMinutes!: number;

  @ApiProperty({ enum: MEETING_FORMATS })
  format!: MeetingFormat;

  @ApiProperty({ type: [String] })
  topics!: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    description: 'Only for the mentor and staff',
  })
  note?: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  bookingId!: string | null;
}
