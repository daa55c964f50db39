import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO6391, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { ToBoolean, Trim } from '../../common/validation/transforms';
import { ORGANIZATION_KINDS, OrganizationKind } from '../organization.entity';

export class OrganizationQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, enum: ORGANIZATION_KINDS })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS)
  kind?: OrganizationKind;

  @ApiProperty({ required: false, example: 'tr', description: 'Works in this language' })
  @IsOptional()
  @IsISO6391()
  language?: string;

  @ApiProperty({ required: false, example: 'education' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  field?: string;

  @ApiProperty({ required: false, example: 'Bergheim' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(80)
  district?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  verified?: boolean;

  @ApiProperty({ required: false, description: 'Only organisations the caller belongs to' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  mine?: boolean;

  @ApiProperty({ required: false, description: 'Part of the name' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;
}
