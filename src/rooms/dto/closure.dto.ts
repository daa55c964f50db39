import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { IsInstant } from '../../common/validation/time';
import { Trim } from '../../common/validation/transforms';

export class CreateClosureDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-23T00:00:00+01:00' })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({
    format: 'date-time',
    example: '2027-01-07T00:00:00+01:00',
    description: 'After startsAt',
  })
  @IsInstant()
  endsAt!: string;

  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    maxLength: 500,
    example: 'Weihnachtsferien',
    description: 'Shown to members of the owning organisation and admins only',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

export class ClosureQueryDto extends PageQueryDto {
  @ApiProperty({
    required: false,
    format: 'date-time',
    description: 'Closures that end after this instant',
  })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiProperty({
    required: false,
    format: 'date-time',
    description: 'Closures that start before this instant',
  })
  @IsOptional()
  @IsInstant()
  to?: string;
}
