import { IsDefined, Length, Matches, ValidateIf } from 'class-validator';

/** Reusable field rules, so every resolver validates the same things the same way. */
export const NotBlank = (max: number) => (target: object, key: string) => {
  Length(1, max)(target, key);
  Matches(/\S/, { message: `${key} must not be blank` })(target, key);
};

/**
 * Optional but not clearable: absent leaves the value as it is, `null` is refused with a 400 (the
 * column is NOT NULL). Use `@IsOptional()` only for fields that `null` may clear.
 */
export const OptionalNotNull = () => (target: object, key: string) => {
  ValidateIf((_object, value) => value !== undefined)(target, key);
  IsDefined({ message: `${key} must not be null` })(target, key);
};

/**
 * A phone number as people write it: digits, with spaces and `+ - ( ) .` allowed, at most 40 characters
 * (the column). Kept as typed: formats differ by country and people read them back.
 */
export const Phone = () => (target: object, key: string) => {
  Length(1, 40)(target, key);
  Matches(/^[\d +\-().]*\d[\d +\-().]*$/, {
    message: `${key} must be digits, with spaces and + - ( ) . allowed`,
  })(target, key);
};
