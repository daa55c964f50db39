import { ApiProperty } from '@nestjs/swagger';
import { Venue } from '../venue.entity';
import { VenueAddressDto } from './create-venue.dto';

export class VenueResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: VenueAddressDto })
  address!: VenueAddressDto;

  @ApiProperty()
  district!: string;

  @ApiProperty({ type: String, nullable: true })
  accessibilityNotes!: string | null;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Null: the agency default' })
  inKindHourlyRateCents!: number | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export const addressOf = (venue: Venue): VenueAddressDto => ({
  street: venue.street,
  postalCode: venue.postalCode,
  city: venue.city,
});

export function toVenueResponse(venue: Venue): VenueResponseDto {
  return {
    id: venue.id,
    organizationId: venue.organizationId,
    name: venue.name,
    address: addressOf(venue),
    district: venue.district,
    accessibilityNotes: venue.accessibilityNotes,
    description: venue.description,
    inKindHourlyRateCents: venue.inKindHourlyRateCents,
    createdAt: venue.createdAt.toISOString(),
    updatedAt: venue.updatedAt.toISOString(),
  };
}
