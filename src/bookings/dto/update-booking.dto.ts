import { ApiProperty } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { IsInstant } from '../../common/validation/time';
import { Trim } from '../../common/validation/transforms';

/**
 * A change of time re-checks every rule; on a manually approved room it needs approval again.
 * `purpose` and `attendees` may be cleared with null; the other fields may only be left out.
 */
export class UpdateBookingDto {
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOmittable()
  @IsInstant()
  startsAt?: string;

  @ApiProperty({ required: false, format: 'date-time' })
  @IsOmittable()
  @IsInstant()
  endsAt?: string;

  @ApiProperty({ required: false, minLength: 1, maxLength: 200 })
  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiProperty({ required: false, maxLength: 2000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  purpose?: string;

  @ApiProperty({ type: 'integer', required: false, nullable: true, minimum: 1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  attendees?: number;

  @ApiProperty({ required: false })
  @IsOmittable()
  @IsBoolean()
  isPublic?: boolean;
}
