import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { CreateRoomDto, RoomPriceDto } from './create-room.dto';

/** Only the price parts that are sent change (see RoomsService for switching to "free"). */
export class UpdateRoomPriceDto extends PartialType(RoomPriceDto, { skipNullProperties: false }) {}

/**
 * Every field may be left out; nested objects change field by field. A room stays in its
 * venue: moving it would move its bookings to another owner.
 */
export class UpdateRoomDto extends PartialType(
  OmitType(CreateRoomDto, ['venueId', 'price'] as const),
  {
    skipNullProperties: false,
  },
) {
  @ApiProperty({ required: false, type: UpdateRoomPriceDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => UpdateRoomPriceDto)
  price?: UpdateRoomPriceDto;
}
