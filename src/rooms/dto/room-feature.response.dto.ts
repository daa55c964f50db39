import { ApiProperty } from '@nestjs/swagger';
import { ROOM_FEATURES, RoomFeature } from '../room.entity';

export class RoomFeatureResponseDto {
  @ApiProperty({ enum: ROOM_FEATURES, description: 'What search and rooms use' })
  key!: RoomFeature;

  @ApiProperty({ example: 'Küche', description: 'In the language of Accept-Language' })
  label!: string;
}
