import { IsDefined, IsInt, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { MAX_MONEY, MAX_QUANTITY, MAX_STOCK_LEVEL } from '../services/core/index.js';
import { MAX_TAX_RATE } from '../services/pricing/index.js';

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

/** A PIN: 4 to 8 digits (sign-in, credentials, a manager's approval). */
export const Pin = () => Matches(/^\d{4,8}$/, { message: '$property must be 4 to 8 digits' });

/** Phone numbers as people write them: digits, `+ - ( ) .`, single spaces between groups, a digit at least. */
const PHONE = /^(?=.*\d)[\d+\-().]+(?: [\d+\-().]+)*$/;

/**
 * A phone number, at most 40 characters (the column). Kept as typed: formats differ by country and
 * people read them back.
 */
export const Phone = () => (target: object, key: string) => {
  Length(1, 40)(target, key);
  Matches(PHONE, { message: `${key} may contain digits, single spaces and + - ( ) . only` })(target, key);
};

const CODE = /^[A-Za-z0-9_-]+$/;

/** A short code (stores, tenders, sales reps, departments): 1 to `max` letters, digits, `-` or `_`. */
export const Code = (max: number) => (target: object, key: string) => {
  Length(1, max)(target, key);
  Matches(CODE, { message: `${key} may contain letters, digits, dash and underscore only` })(target, key);
};

/**
 * A `LocalDate` a store can use: from 1900-01-01 (PostgreSQL has no year 0, and earlier dates are typing
 * mistakes in a shop).
 */
export const ShopDate = () => (target: object, key: string) => {
  // The scalar has checked the YYYY-MM-DD shape; only the year remains.
  Matches(/^(19|[2-9]\d)\d\d-/, { message: `${key} must not be before 1900-01-01` })(target, key);
};

/** An integer from `min` to `max`. */
const bounded = (min: number, max: number) => (target: object, key: string) => {
  IsInt()(target, key);
  Min(min)(target, key);
  Max(max)(target, key);
};

/**
 * An amount of money in cents, at most `MAX_MONEY` (see `services/core/bounds.ts`) either way; `min` narrows
 * it (0 for a price, 1 for a payment). Every money argument uses it.
 */
export const Money = (min = -MAX_MONEY) => bounded(min, MAX_MONEY);

/** The quantity of a sale line in thousandths, at most `MAX_QUANTITY` either way; `min` narrows it. */
export const Quantity = (min = -MAX_QUANTITY) => bounded(min, MAX_QUANTITY);

/**
 * A stock level or a change of one (an adjustment, a count, a threshold) in thousandths, at most
 * `MAX_STOCK_LEVEL` either way; `min` narrows it.
 */
export const StockLevel = (min = -MAX_STOCK_LEVEL) => bounded(min, MAX_STOCK_LEVEL);

/** A tax rate in basis points, 0 to `MAX_TAX_RATE` (1000 %). */
export const Rate = () => bounded(0, MAX_TAX_RATE);
