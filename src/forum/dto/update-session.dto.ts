import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { IsInstant } from '../../common/validation/time';
import { CreateSessionDto } from './create-session.dto';

/**
 * Any field of a session may be sent; a new time or room moves its booking (judged like a
 * new request) and tells the registrants. `null` clears the optional settings
 * (`maxPlacesPerOrganization`, `registrationOpensAt`, `registrationClosesAt`); a field left
 * out stays as it is. Cancelling is its own route.
 */
export class UpdateSessionDto extends PartialType(
  OmitType(CreateSessionDto, [
    'status',
    'seriesId',
    'maxPlacesPerOrganization',
    'registrationOpensAt',
    'registrationClosesAt',
  ] as const),
  {
    skipNullProperties: false,
  },
) {
  @ApiProperty({ enum: ['draft', 'published'], required: false })
  @IsOmittable()
  @IsIn(['draft', 'published'])
  status?: 'draft' | 'published';

  @ApiProperty({ type: 'integer', required: false, nullable: true, minimum: 1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  maxPlacesPerOrganization?: number | null;

  @ApiProperty({ required: false, nullable: true, format: 'date-time' })
  @IsOptional()
  @IsInstant()
  registrationOpensAt?: string | null;

  @ApiProperty({ required: false, nullable: true, format: 'date-time' })
  @IsOptional()
  @IsInstant()
  registrationClosesAt?: string | null;
}

export class CancelSessionDto {
  @ApiProperty({ required: false, maxLength: 500, description: 'Told to the registrants' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
