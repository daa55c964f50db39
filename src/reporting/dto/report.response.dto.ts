import { ApiProperty } from '@nestjs/swagger';

const FIGURES =
  'Figures are numbers, null where there is nothing to say (a ratio of nothing), or the ' +
  'string "< 3" where they describe fewer than three organisations (or would give such a ' +
  'figure away through a total).';

export class ReportResponseDto {
  @ApiProperty({ example: 'utilization' })
  report!: string;

  @ApiProperty({ format: 'date' })
  from!: string;

  @ApiProperty({ format: 'date' })
  to!: string;

  @ApiProperty({ example: 'room' })
  groupBy!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'One row per group: its keys (e.g. roomId, roomName, venueId, venueName, district, ' +
      'month, kind, language, field, organizationId) and its figures. ' +
      FIGURES,
  })
  rows!: Record<string, unknown>[];

  @ApiProperty({ type: 'object', additionalProperties: true, description: FIGURES })
  totals!: Record<string, unknown>;

  @ApiProperty({ description: 'Whether any figure is shown as "< 3"' })
  suppressed!: boolean;
}
