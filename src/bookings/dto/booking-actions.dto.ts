import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../common/validation/time';
import { Trim } from '../../common/validation/transforms';

export class ReasonDto {
  @ApiProperty({ required: false, maxLength: 1000, example: 'Der Raum wird renoviert.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export const CANCEL_SCOPES = ['occurrence', 'following', 'series'] as const;
export type CancelScope = (typeof CANCEL_SCOPES)[number];

export class CancelBookingDto extends ReasonDto {
  @ApiProperty({
    required: false,
    enum: CANCEL_SCOPES,
    default: 'occurrence',
    description:
      'For an occurrence of a series: only it, it and the following ones, or the whole series',
  })
  @IsOptional()
  @IsIn(CANCEL_SCOPES)
  scope?: CancelScope;
}

export class CancelSeriesDto extends ReasonDto {
  @ApiProperty({
    required: false,
    format: 'date-time',
    description: 'Cancel only the occurrences starting at or after this instant',
  })
  @IsOptional()
  @IsInstant()
  from?: string;
}
