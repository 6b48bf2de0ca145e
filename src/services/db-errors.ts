import {
  DriverException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { AppError } from './errors.js';

/**
 * The input field behind each unique constraint, for the message of a conflict that only the database
 * caught (two requests racing past the service's own check). Add new unique constraints here.
 */
const UNIQUE_FIELDS: Record<string, string> = {
  product_sku_unique: 'sku',
  product_barcode_unique: 'barcode',
  department_code_unique: 'code',
  role_name_unique: 'name',
  app_user_username_unique: 'username',
  app_user_pin_digest_unique: 'pin',
  user_role_unique: 'roles',
  store_code_unique: 'code',
  tender_code_unique: 'code',
  product_supplier_unique: 'supplierId',
  product_supplier_preferred_unique: 'isPreferred',
  sales_rep_code_unique: 'code',
  tax_rate_name_unique: 'name',
  tax_group_name_unique: 'name',
  // Unreachable through setStorePrice (an upsert), kept for any other writer.
  store_price_unique: 'productId',
  // Unreachable through moveStock (an upsert), kept for any other writer.
  inventory_level_unique: 'productId',
  // A concurrent open of the same terminal loses here (openRegister's check saw no open session yet).
  register_session_open_unique: 'terminalId',
  // Unreachable: Z numbers are given under the open session's row lock, one open session per register.
  register_session_z_unique: 'zNumber',
};

/** Turns database constraint failures that slipped past the service checks into expected errors. */
export function mapDatabaseError(err: unknown): unknown {
  if (err instanceof UniqueConstraintViolationException) {
    const field = UNIQUE_FIELDS[(err as { constraint?: string }).constraint ?? ''];
    return new AppError(
      'CONFLICT',
      field ? `${field}: value is already in use` : 'Duplicate value',
      field ? { field } : {},
    );
  }
  if (err instanceof NotNullConstraintViolationException) {
    const column = (err as { column?: string }).column ?? 'value';
    const field = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    return new AppError('VALIDATION', `${field}: must not be null`, { field });
  }
  if (err instanceof ForeignKeyConstraintViolationException) {
    return new AppError('CONFLICT', 'The record is referenced by other records');
  }
  if (err instanceof DriverException && err.code === '22003') {
    // numeric_value_out_of_range: arithmetic on a figure stored before the bounds of services/bounds.ts
    // (every input is bounded, so nothing the API accepts reaches the bigint range).
    return new AppError('UNPROCESSABLE', 'A figure is beyond the range the database holds');
  }
  if (err instanceof OptimisticLockError) {
    return new AppError('CONFLICT', 'The record was changed by someone else; reload and retry');
  }
  return err;
}
