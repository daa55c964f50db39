import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { OUTBOX_STATUSES, OutboxMessage, OutboxStatus } from '../outbox-message.entity';

export class OutboxQueryDto extends PageQueryDto {
  @ApiProperty({
    required: false,
    enum: OUTBOX_STATUSES,
    description: '`failed`: given up after the last attempt, waiting for an admin to retry',
  })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;
}

export class OutboxMessageResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'booking.approved', description: 'What the mail is about' })
  kind!: string;

  @ApiProperty({ format: 'email' })
  recipientEmail!: string;

  @ApiProperty({ type: String, nullable: true })
  recipientName!: string | null;

  @ApiProperty({ example: 'de', description: 'The language the mail is written in' })
  locale!: string;

  @ApiProperty()
  subject!: string;

  @ApiProperty({
    type: String,
    enum: ['REQUEST', 'CANCEL'],
    nullable: true,
    description: 'The iMIP method of the attached invitation, if any',
  })
  invitation!: 'REQUEST' | 'CANCEL' | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  bookingId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  seriesId!: string | null;

  @ApiProperty({ enum: OUTBOX_STATUSES })
  status!: OutboxStatus;

  @ApiProperty({ type: 'integer', description: 'Delivery attempts so far' })
  attempts!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next attempt is due (pending and sending only)',
  })
  nextAttemptAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What the mail server or the mail folder answered last',
  })
  lastError!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: string | null;
}

export function toOutboxMessageResponse(message: OutboxMessage): OutboxMessageResponseDto {
  const unfinished = message.status === 'pending' || message.status === 'sending';
  return {
    id: message.id,
    kind: message.kind,
    recipientEmail: message.recipientEmail,
    recipientName: message.recipientName,
    locale: message.locale,
    subject: message.subject,
    invitation: message.icsMethod,
    bookingId: message.bookingId,
    seriesId: message.seriesId,
    status: message.status,
    attempts: message.attempts,
    nextAttemptAt: unfinished ? message.nextAttemptAt.toISOString() : null,
    lastError: message.lastError,
    createdAt: message.createdAt.toISOString(),
    sentAt: message.sentAt?.toISOString() ?? null,
  };
}
