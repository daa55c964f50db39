import { ArgumentMetadata, Param, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { fieldError } from './validation';

class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUUID(value)) throw fieldError(metadata.data ?? 'id', 'validation.isUuid');
    return value.toLowerCase();
  }
}

/** A route parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) => Param(name, new UuidPipe());
