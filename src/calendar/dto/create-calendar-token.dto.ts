import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { FEED_SCOPES, FeedScope } from '../calendar-token.entity';

export class CreateCalendarTokenDto {
  @ApiProperty({
    enum: FEED_SCOPES,
    description:
      '`organization`: bookings of the organisation; `owner`: bookings in the rooms of the ' +
      "organisation's venues; `user`: bookings of all organisations of the user; `mentor`: " +
      'not available yet (422)',
  })
  @IsIn(FEED_SCOPES)
  scope!: FeedScope;

  @ApiProperty({
    format: 'uuid',
    description: 'The organisation (organization, owner) or the user (user: your own id)',
  })
  @IsUUID()
  subjectId!: string;
}
