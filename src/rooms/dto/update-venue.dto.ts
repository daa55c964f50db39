import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { IsOmittable } from '../../common/validation/omittable';
import { CreateVenueDto, VenueAddressDto } from './create-venue.dto';
import { IsNestedObject } from '../../common/validation/nested';

/** Only the address parts that are sent change. */
export class UpdateVenueAddressDto extends PartialType(VenueAddressDto, {
  skipNullProperties: false,
}) {}

/**
 * Every field may be left out. The owning organisation is not changed here: handing a venue
 * to another organisation would hand over its rooms' bookings too.
 */
export class UpdateVenueDto extends PartialType(
  OmitType(CreateVenueDto, ['organizationId', 'address'] as const),
  { skipNullProperties: false },
) {
  @ApiProperty({ required: false, type: UpdateVenueAddressDto })
  @IsOmittable()
  @IsNestedObject(() => UpdateVenueAddressDto)
  address?: UpdateVenueAddressDto;
}
