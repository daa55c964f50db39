import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEmail,
  IsIn,
  IsISO6391,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
} from 'class-validator';
import { Trim } from '../../common/validation/transforms';
import { ORGANIZATION_KINDS, OrganizationKind } from '../organization.entity';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Deutsch-Türkischer Kulturverein', minLength: 2, maxLength: 150 })
  @Trim()
  @IsString()
  @Length(2, 150)
  name!: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind!: OrganizationKind;

  @ApiProperty({ type: [String], example: ['de', 'tr'], description: 'ISO 639-1 codes' })
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsISO6391({ each: true })
  languages!: string[];

  @ApiProperty({
    type: [String],
    example: ['culture', 'education'],
    description: 'Fields of activity',
  })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  fields!: string[];

  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    example: 'Bergheim',
    maxLength: 80,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 80)
  district?: string | null;

  @ApiProperty({ required: false, type: String, nullable: true, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiProperty({
    required: false,
    type: [String],
    description: 'Optional, self-described regions of origin',
    example: ['Westafrika'],
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  originRegions?: string[];

  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    description: 'Shown to members and admins only',
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    description: 'Shown to members and admins only',
  })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  contactPhone?: string | null;

  @ApiProperty({ required: false, type: String, nullable: true, example: 'https://example.org' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(300)
  website?: string | null;
}
