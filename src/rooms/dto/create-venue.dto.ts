import { ApiProperty } from '@nestjs/swagger';
import {
  IsDefined,
  IsInt,
  IsOptional,
  IsPostalCode,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Trim } from '../../common/validation/transforms';
import { IsNestedObject } from '../../common/validation/nested';

export class VenueAddressDto {
  @ApiProperty({ example: 'Bergheimer Straße 147', minLength: 1, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  street!: string;

  @ApiProperty({ example: '69115', description: 'German postal code, five digits' })
  @Trim()
  @IsPostalCode('DE')
  postalCode!: string;

  @ApiProperty({ example: 'Heidelberg', minLength: 1, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100)
  city!: string;
}

export class CreateVenueDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation that owns the venue' })
  @IsUUID()
  organizationId!: string;

  @ApiProperty({ example: 'Bürgerhaus Bergheim', minLength: 2, maxLength: 150 })
  @Trim()
  @IsString()
  @Length(2, 150)
  name!: string;

  @ApiProperty({ type: VenueAddressDto })
  // IsObject alone would say "give an object" for a missing address.
  @IsDefined()
  @IsNestedObject(() => VenueAddressDto)
  address!: VenueAddressDto;

  @ApiProperty({ example: 'Bergheim', minLength: 1, maxLength: 80 })
  @Trim()
  @IsString()
  @Length(1, 80)
  district!: string;

  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    maxLength: 2000,
    example: 'Eingang über den Hof, Aufzug bis zum 2. Stock.',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  accessibilityNotes?: string | null;

  @ApiProperty({ required: false, type: String, nullable: true, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiProperty({
    required: false,
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 1_000_000,
    example: 2500,
    description:
      'What an hour in one of its rooms is worth, in euro cents, for the in-kind report of the ' +
      'rooms it lends free of charge. Null: the agency default (IN_KIND_HOURLY_RATE_CENTS).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  inKindHourlyRateCents?: number | null;
}
