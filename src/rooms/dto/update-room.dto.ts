import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { IsOmittable } from '../../common/validation/omittable';
import { CreateRoomDto, RoomPriceDto } from './create-room.dto';
import { IsNestedObject } from '../../common/validation/nested';

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
  @IsNestedObject(() => UpdateRoomPriceDto)
  price?: UpdateRoomPriceDto;
}
