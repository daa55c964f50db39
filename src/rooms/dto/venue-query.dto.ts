import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { Trim } from '../../common/validation/transforms';

export class VenueQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, format: 'uuid', description: 'Venues of this organisation' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty({ required: false, example: 'Bergheim', description: 'Any letter case' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(80)
  district?: string;

  @ApiProperty({
    required: false,
    maxLength: 200,
    description: 'Words in the name, street, district or description (German or English)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;
}
