import { ApiProperty } from '@nestjs/swagger';

export class TopicResponseDto {
  @ApiProperty({ example: 'funding' })
  key!: string;

  @ApiProperty({ example: 'Förderung und Finanzierung', description: 'After Accept-Language' })
  label!: string;
}

export class TopicListResponseDto {
  @ApiProperty({ type: [TopicResponseDto] })
  items!: TopicResponseDto[];

  @ApiProperty({ type: 'integer' })
  total!: number;
}
