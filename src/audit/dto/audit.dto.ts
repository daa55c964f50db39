import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { IsInstant } from '../../common/validation/time';
import { AuditEntry } from '../audit-entry.entity';

export class AuditQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, example: 'booking', description: 'Kind of record' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(/^[a-z_]+$/)
  entity?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'The record' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Who acted' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiProperty({
    required: false,
    example: '2027-03-01T00:00:00Z',
    description: 'From (inclusive)',
  })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiProperty({
    required: false,
    example: '2027-04-01T00:00:00Z',
    description: 'Until (exclusive)',
  })
  @IsOptional()
  @IsInstant()
  to?: string;
}

/** One change to a record: when, by whom, what (a booking's history shows these). */
export class AuditChangeDto {
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

/** A change in the audit trail, with the record it was made to. */
export class AuditEntryResponseDto extends AuditChangeDto {
  @ApiProperty({ description: 'Increasing with time' })
  id!: string;

  @ApiProperty({ example: 'booking' })
  entity!: string;

  @ApiProperty({ format: 'uuid' })
  entityId!: string;
}

export const toAuditEntryResponse = (entry: AuditEntry): AuditEntryResponseDto => ({
  id: String(entry.id),
  at: entry.at.toISOString(),
  actorId: entry.actorId,
  action: entry.action,
  entity: entry.entity,
  entityId: entry.entityId,
  data: entry.data,
});
