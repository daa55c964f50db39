import { Transform } from 'class-transformer';

/** Query strings arrive as text: "20" → 20 (anything else stays and fails validation). */
export const ToInt = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value,
  );

/** "true"/"false"/"1"/"0" → boolean. */
export const ToBoolean = () =>
  Transform(({ value }: { value: unknown }) => {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  });

/** "a,b" → ["a","b"]; a repeated query parameter arrives as an array already. */
export const ToList = () =>
  Transform(({ value }: { value: unknown }): unknown => {
    const parts: unknown[] | undefined = Array.isArray(value)
      ? (value as unknown[])
      : typeof value === 'string'
        ? value.split(',')
        : undefined;
    if (!parts) return value;
    return parts
      .map((part) => (typeof part === 'string' ? part.trim() : part))
      .filter((part) => part !== '');
  });

/** A repeated form field (checkboxes) as a list, one value or none as well. */
export const ToArray = () =>
  Transform(({ value }: { value: unknown }): unknown =>
    value === undefined ? [] : Array.isArray(value) ? value : [value],
  );

/** Trims text input so that "  " counts as empty. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
