import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { FEED_SCOPES, FeedScope } from '../calendar-token.entity';

export class CreateCalendarTokenDto {
  @ApiProperty({
    enum: FEED_SCOPES,
    description:
      '`organization`: bookings of the organisation; `owner`: bookings in the rooms of the ' +
      "organisation's venues; `user`: bookings of all organisations of the user; `mentor`: " +
      'the meetings of a mentor (the mentor or staff)',
  })
  @IsIn(FEED_SCOPES)
  scope!: FeedScope;

  @ApiProperty({
    format: 'uuid',
    description:
      'The organisation (organization, owner), the user (user: your own id) or the mentor (mentor)',
  })
  @IsUUID()
  subjectId!: string;
}
