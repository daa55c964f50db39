import { ApiProperty } from '@nestjs/swagger';
import { CalendarToken, FEED_SCOPES, FeedScope } from '../calendar-token.entity';

/** A feed link as listed: the secret is not kept, so it cannot be shown again. */
export class CalendarTokenResponseDto {
  @ApiProperty({ format: 'uuid', description: 'To revoke the link with DELETE' })
  id!: string;

  @ApiProperty({ enum: FEED_SCOPES })
  scope!: FeedScope;

  @ApiProperty({ format: 'uuid' })
  subjectId!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: string | null;
}

/** A new feed link: `url` holds the secret and is shown this once. */
export class CreatedCalendarTokenResponseDto extends CalendarTokenResponseDto {
  @ApiProperty({
    format: 'uri',
    example:
      'https://raum.example.org/api/calendar/feeds/3q2-7wE1b0p9X4kq8hPZ4yq0o3m2yN1v0aWcLJx9T0k.ics',
    description: 'The secret feed address for a calendar program; anyone with it can read the feed',
  })
  url!: string;
}

export const toCalendarTokenResponse = (token: CalendarToken): CalendarTokenResponseDto => ({
  id: token.id,
  scope: token.scope,
  subjectId: token.subjectId,
  createdAt: token.createdAt.toISOString(),
  lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
});
