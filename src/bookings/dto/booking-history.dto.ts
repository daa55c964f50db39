import { ApiProperty } from '@nestjs/swagger';

/** One change in a booking's life, from the audit trail. */
export class BookingHistoryEntryDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'Null: the service itself',
  })
  actorId!: string | null;

  @ApiProperty({ example: 'booking.approved' })
  action!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed' })
  data!: Record<string, unknown>;
}
