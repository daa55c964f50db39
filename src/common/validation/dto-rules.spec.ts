import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, getMetadataStorage } from 'class-validator';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../errors/domain-error';
import { IsNestedObject } from './nested';
import { createValidationPipe } from './validation';

const src = join(__dirname, '..', '..');

class PartDto {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  label?: string;
}

class WholeDto {
  @ApiProperty({ required: false, type: String, nullable: true })
  @IsOptional()
  @IsString()
  note?: string | null;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiProperty({ required: false, type: PartDto })
  @IsOptional()
  @IsNestedObject(() => PartDto)
  part?: PartDto;
}

const pipe = createValidationPipe();
const refusal = async (body: unknown): Promise<string[]> => {
  try {
    await pipe.transform(body, { type: 'body', metatype: WholeDto });
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const errors = (error.extensions.errors ?? []) as { field: string; messageKey: string }[];
    return errors.map(({ field, messageKey }) => `${field}: ${messageKey}`);
  }
};

describe('rules for every DTO', () => {
  it('takes null only where the API documents it', async () => {
    expect(await refusal({ note: null })).toEqual([]);
    expect(await refusal({ name: null })).toEqual(['name: validation.notNullable']);
    expect(await refusal({ part: { label: null } })).toEqual([
      'part.label: validation.notNullable',
    ]);
    expect(await refusal({ part: null })).toEqual(['part: validation.notNullable']);
    expect(await refusal({ name: 'x', part: { label: 'y' } })).toEqual([]);
  });

  it('checks a nested object as an object', async () => {
    expect(await refusal({ part: [] })).toEqual(['part: validation.isObject']);
    expect(await refusal({ part: 'x' })).toContain('part: validation.isObject');
  });

  it('never validates a nested object without checking that it is one', () => {
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      if (/(^|\/)dto\/[^/]+\.ts$/.test(file)) require(join(src, file));
    }
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<
        { name: string },
        { propertyName: string; name?: string; type: string }[]
      >;
    };
    const bare: string[] = [];
    let nested = 0;
    for (const [target, list] of storage.validationMetadatas) {
      for (const { propertyName, type } of list) {
        if (type !== 'nestedValidation') continue;
        nested++;
        const checked = list.some(
          (other) =>
            other.propertyName === propertyName &&
            (other.name === 'isObject' || other.name === 'isArray'),
        );
        if (!checked) bare.push(`${target.name}.${propertyName}`);
      }
    }
    expect(nested).toBeGreaterThan(5);
    expect(bare).toEqual([]);
  });
});
