import { ApiProperty } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'capacity' })
  field!: string;

  @ApiProperty({ example: 'Der Wert muss mindestens 1 sein.' })
  message!: string;
}

/** RFC 9457 problem details, as every error response carries them. */
export class ProblemDto {
  @ApiProperty({ example: '/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Eingabe nicht gültig' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'Bitte prüfen Sie die markierten Felder.' })
  detail!: string;

  @ApiProperty({ required: false, example: '/api/rooms' })
  instance?: string;

  @ApiProperty({ required: false })
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
