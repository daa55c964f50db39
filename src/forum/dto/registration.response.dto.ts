import { ApiProperty } from '@nestjs/swagger';
import {
  ForumRegistration,
  REGISTRATION_STATUSES,
  RegistrationStatus,
} from '../forum-registration.entity';
import { SessionResponseDto } from './session.response.dto';

/** The answer to a registration: the private link is in it, and in the mail, and nowhere else. */
export class RegistrationCreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  sessionId!: string;

  @ApiProperty({ enum: REGISTRATION_STATUSES })
  status!: RegistrationStatus;

  @ApiProperty({ type: 'integer', nullable: true, description: '1 = next in line' })
  waitlistPosition!: number | null;

  @ApiProperty({ type: 'integer' })
  places!: number;

  @ApiProperty({ description: 'To see or cancel the registration; shown once' })
  manageUrl!: string;
}

/** A registration as staff (or the registrant's organisation) see it. */
export class RegistrationResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  sessionId!: string;

  @ApiProperty({ enum: REGISTRATION_STATUSES })
  status!: RegistrationStatus;

  @ApiProperty({ type: 'integer', nullable: true })
  waitlistPosition!: number | null;

  @ApiProperty({ type: 'integer' })
  places!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Null once erased' })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty()
  locale!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organizationId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  accessibilityNeeds!: string | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Recorded by staff after the session',
  })
  attended!: boolean | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

/** What the private link shows: the registration and its session. */
export class OwnRegistrationResponseDto extends RegistrationResponseDto {
  @ApiProperty({ type: SessionResponseDto })
  session!: SessionResponseDto;
}

export function toRegistrationResponse(
  registration: ForumRegistration,
  waitlistPosition: number | null,
): RegistrationResponseDto {
  return {
    id: registration.id,
    sessionId: registration.sessionId,
    status: registration.status,
    waitlistPosition,
    places: registration.places,
    name: registration.name,
    email: registration.email,
    locale: registration.locale,
    organizationId: registration.organizationId,
    accessibilityNeeds: registration.accessibilityNeeds,
    attended: registration.attended,
    createdAt: registration.createdAt.toISOString(),
  };
}
