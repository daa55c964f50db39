import { ApiProperty } from '@nestjs/swagger';

export class ExportedProfileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty() locale!: string;
  @ApiProperty() isAdmin!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) emailConfirmedAt!:
    string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ExportedMembershipDto {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() organizationName!: string;
  @ApiProperty({ enum: ['owner', 'member'] }) role!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class ExportedBookingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) seriesId!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: 'string', nullable: true }) purpose!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ExportedBookingsDto {
  @ApiProperty({ type: [ExportedBookingDto], description: 'Newest first, at most 1000' })
  items!: ExportedBookingDto[];
  @ApiProperty({ type: 'integer', description: 'All bookings the person requested' })
  total!: number;
}

export class ExportedCalendarTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() scope!: string;
  @ApiProperty({ format: 'uuid' }) subjectId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) lastUsedAt!: string | null;
}

export class ExportedAuditEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty() entity!: string;
  @ApiProperty({ format: 'uuid' }) entityId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class ExportedTrainingDto {
  @ApiProperty() title!: string;
  @ApiProperty() hours!: number;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) attendedOn!: string | null;
  @ApiProperty({ type: 'string', enum: ['forum', 'record'], nullable: true }) source!:
    'forum' | 'record' | null;
}

export class ExportedMeetingDto {
  @ApiProperty({ format: 'uuid' }) assignmentId!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ type: 'integer' }) durationMinutes!: number;
  @ApiProperty() format!: string;
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty({ type: 'string', nullable: true }) note!: string | null;
}

export class ExportedMentorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty({ type: 'string', nullable: true }) bio!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) district!: string | null;
  @ApiProperty({ type: 'integer' }) capacity!: number;
  @ApiProperty({ type: [String] }) availability!: string[];
  @ApiProperty() status!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) certifiedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [ExportedTrainingDto], description: 'The modules attended' })
  training!: ExportedTrainingDto[];
  @ApiProperty({
    type: [ExportedMeetingDto],
    description: 'Meetings logged, with the private notes, newest first, at most 1000',
  })
  meetings!: ExportedMeetingDto[];
}

/** Everything the service keeps about the caller (GDPR Art. 15 and 20). */
export class AccountExportResponseDto {
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: ExportedProfileDto }) profile!: ExportedProfileDto;
  @ApiProperty({ type: [ExportedMembershipDto] }) memberships!: ExportedMembershipDto[];
  @ApiProperty({ type: ExportedBookingsDto }) bookingsRequested!: ExportedBookingsDto;
  @ApiProperty({ type: [ExportedCalendarTokenDto], description: 'Without secrets (not stored)' })
  calendarTokens!: ExportedCalendarTokenDto[];
  @ApiProperty({
    type: ExportedMentorDto,
    nullable: true,
    description: 'The mentor profile, training and logged meetings, if you are a mentor',
  })
  mentor!: ExportedMentorDto | null;
  @ApiProperty({
    type: [ExportedAuditEntryDto],
    description: 'What you did and what was done to your account, newest first, at most 1000',
  })
  auditEntries!: ExportedAuditEntryDto[];
}
