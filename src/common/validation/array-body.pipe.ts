import { PipeTransform, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CommonErrors, FieldError } from '../errors/domain-error';
import { toFieldErrors, undocumentedNulls } from './validation';

/**
 * Validates a body that is a JSON array of `item`. The global ValidationPipe leaves arrays
 * alone (their type is only `Array` at runtime), and Nest's ParseArrayPipe reports in its
 * own words; this one applies the same rules as for objects (unknown fields refused) and
 * names each failure by its place: `[2].closes`. A failure of the array as a whole has the
 * empty field name, the path of the body itself.
 */
export class ArrayBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(
    private readonly item: Type<T>,
    private readonly maxItems: number,
  ) {}

  async transform(value: unknown): Promise<T[]> {
    if (!Array.isArray(value)) throw failed([issue('', 'validation.isArray')]);
    if (value.length > this.maxItems) {
      throw failed([issue('', 'validation.arrayMaxSize', { 0: this.maxItems })]);
    }
    const errors: FieldError[] = [];
    const items: T[] = [];
    for (const [index, raw] of (value as unknown[]).entries()) {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        errors.push(issue(`[${index}]`, 'validation.isObject'));
        continue;
      }
      const instance = plainToInstance(this.item, raw);
      const found = await validate(instance, {
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
        validationError: { target: true, value: false },
      });
      errors.push(
        ...toFieldErrors(found, `[${index}]`),
        ...undocumentedNulls(instance, `[${index}]`),
      );
      items.push(instance);
    }
    if (errors.length) throw failed(errors);
    return items;
  }
}

const issue = (field: string, messageKey: string, params = {}): FieldError => ({
  field,
  messageKey,
  params,
});

const failed = (errors: FieldError[]) => CommonErrors.VALIDATION_FAILED({}, { errors });
