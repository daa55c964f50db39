import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { IsInstant } from '../../common/validation/time';
import { ToBoolean, ToInt, ToList, Trim } from '../../common/validation/transforms';
import { ROOM_FEATURES, RoomFeature } from '../room.entity';

export class RoomQueryDto extends PageQueryDto {
  @ApiProperty({
    required: false,
    type: 'integer',
    minimum: 1,
    description: 'Rooms for at least this many people',
  })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacityMin?: number;

  @ApiProperty({
    required: false,
    enum: ROOM_FEATURES,
    isArray: true,
    description: 'Rooms with all of these features; "kitchen,projector" or repeated',
  })
  @IsOptional()
  @ToList()
  @ArrayMaxSize(ROOM_FEATURES.length)
  @IsIn(ROOM_FEATURES, { each: true })
  features?: RoomFeature[];

  @ApiProperty({ required: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  stepFree?: boolean;

  @ApiProperty({ required: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  accessibleToilet?: boolean;

  @ApiProperty({ required: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  hearingLoop?: boolean;

  @ApiProperty({
    required: false,
    example: 'Bergheim',
    description: "The venue's district, any case",
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(80)
  district?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  venueId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Rooms of this organisation' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty({
    required: false,
    description: 'Only active or only inactive rooms; inactive ones are shown to their owners only',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({
    required: false,
    maxLength: 200,
    example: 'Küche',
    description:
      'Free text in German or English over room and venue ("Küche", "kitchen", "Saal -Sport")',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiProperty({
    required: false,
    format: 'date-time',
    example: '2027-03-02T18:00:00+01:00',
    description:
      'With freeTo: only rooms that can be requested for this whole window — open then, not closed, ' +
      'no booking in the way (buffers included), and the window fits the room’s rules for length, notice and horizon',
  })
  @IsOptional()
  @IsInstant()
  freeFrom?: string;

  @ApiProperty({ required: false, format: 'date-time', example: '2027-03-02T21:00:00+01:00' })
  @IsOptional()
  @IsInstant()
  freeTo?: string;
}
