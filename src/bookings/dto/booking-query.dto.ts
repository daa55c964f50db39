import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { IsInstant } from '../../common/validation/time';
import { ToList } from '../../common/validation/transforms';
import { BOOKING_STATUSES, BookingStatus } from '../booking.entity';

export class BookingQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  roomId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'The requesting organisation' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  seriesId?: string;

  @ApiProperty({
    required: false,
    description: 'Comma-separated: pending,approved,declined,cancelled,expired',
    example: 'pending,approved',
  })
  @IsOptional()
  @ToList()
  @ArrayMaxSize(5)
  @IsIn(BOOKING_STATUSES, { each: true })
  status?: BookingStatus[];

  @ApiProperty({ required: false, format: 'date-time', description: 'Bookings ending after' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'Bookings starting before' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiProperty({
    required: false,
    enum: ['requester', 'owner'],
    description: 'requester: bookings of your organisations; owner: requests for your rooms',
  })
  @IsOptional()
  @IsIn(['requester', 'owner'])
  as?: 'requester' | 'owner';
}
