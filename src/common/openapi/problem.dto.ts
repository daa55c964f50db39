import { ApiProperty } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'capacity' })
  field!: string;

  @ApiProperty({ example: 'Der Wert muss mindestens 1 sein.' })
  message!: string;
}

/** RFC 9457 problem details, as every error response carries them. */
export class ProblemDto {
  @ApiProperty({
    format: 'uri-reference',
    example: '/problems/validation-failed',
    description: 'Stable identifier of the kind of problem; branch on this, not on the texts',
  })
  type!: string;

  @ApiProperty({ example: 'Eingabe nicht gültig' })
  title!: string;

  @ApiProperty({ type: 'integer', example: 400, description: 'The HTTP status, repeated' })
  status!: number;

  @ApiProperty({ example: 'Bitte prüfen Sie die markierten Felder.' })
  detail!: string;

  @ApiProperty({ required: false, format: 'uri-reference', example: '/api/rooms' })
  instance?: string;

  @ApiProperty({ required: false, description: 'Also in the `x-request-id` header; quote it' })
  requestId?: string;

  @ApiProperty({ required: false, type: [FieldErrorDto] })
  errors?: FieldErrorDto[];

  @ApiProperty({
    required: false,
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'For 409: what the request collides with',
  })
  conflicts?: Record<string, unknown>[];
}
