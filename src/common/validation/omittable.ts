import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as null: for columns that cannot be empty, where
 * `@IsOptional()` would let a null through to the database. The global pipe refuses a null
 * the API does not document anyway (`undocumentedNulls`); this says so in the DTO.
 */
export const IsOmittable = () => ValidateIf((_object, value) => value !== undefined);
