import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsISO6391,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { IsInstant } from '../../common/validation/time';
import { Trim } from '../../common/validation/transforms';
import { IsNestedObject } from '../../common/validation/nested';
import { SessionTranslationsDto } from './session-translations.dto';
import { AUDIENCES, Audience, SESSION_KINDS, SessionKind } from '../forum-session.entity';

/** What a session is, apart from when and where; shared by a single session and a series. */
export class SessionContentDto {
  @ApiProperty({ enum: SESSION_KINDS })
  @IsIn(SESSION_KINDS)
  kind!: SessionKind;

  @ApiProperty({ example: 'Fördermittel beantragen', minLength: 1, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ required: false, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({
    type: SessionTranslationsDto,
    required: false,
    description:
      'Title and description in further languages (German is title/description); sent whole, it replaces the stored ones',
    example: { en: { title: 'Applying for funding' } },
  })
  @IsOmittable()
  @IsNestedObject(() => SessionTranslationsDto)
  translations?: SessionTranslationsDto;

  @ApiProperty({ example: 'funding', description: 'A key of GET /api/topics' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/)
  topic!: string;

  @ApiProperty({ type: [String], required: false, maxItems: 10 })
  @IsOmittable()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 120, { each: true })
  speakers?: string[];

  @ApiProperty({ type: [String], example: ['de', 'tr'], description: 'ISO 639-1 codes spoken' })
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsISO6391({ each: true })
  languages!: string[];

  @ApiProperty({ required: false, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  accessibilityNotes?: string;

  @ApiProperty({ format: 'uuid', description: 'Booked in the agency’s name' })
  @IsUUID()
  roomId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10000, description: 'At most the room’s' })
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity!: number;

  @ApiProperty({ type: 'integer', required: false, minimum: 1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  maxPlacesPerOrganization?: number;

  @ApiProperty({ enum: AUDIENCES, description: 'members: only members of organisations' })
  @IsIn(AUDIENCES)
  audience!: Audience;

  @ApiProperty({ enum: ['draft', 'published'], required: false, default: 'published' })
  @IsOmittable()
  @IsIn(['draft', 'published'])
  status?: 'draft' | 'published';
}

export class CreateSessionDto extends SessionContentDto {
  @ApiProperty({ format: 'date-time', example: '2027-03-03T18:00:00+01:00' })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({ format: 'date-time', example: '2027-03-03T20:00:00+01:00' })
  @IsInstant()
  endsAt!: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'Default: at once' })
  @IsOptional()
  @IsInstant()
  registrationOpensAt?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'Default: the start' })
  @IsOptional()
  @IsInstant()
  registrationClosesAt?: string;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description: 'Joins a series, e.g. a date of it that had to move to another room',
  })
  @IsOptional()
  @IsUUID()
  seriesId?: string;
}
