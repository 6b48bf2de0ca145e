import { IsBoolean, IsOptional, Length, Matches } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../page.js';
import { SafeInt, UUID } from '../scalars.js';
import { Money, NotBlank, OptionalNotNull, StockLevel } from '../validators.js';

const SKU = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;
const BARCODE = /^[A-Za-z0-9-]+$/;
const PRICED_AT = "The store to price it at (products.view needed there); by default the caller's.";

@ArgsType()
export class ProductListArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Matches name, SKU or barcode (case-insensitive, partial).',
  })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field(() => UUID, { nullable: true, description: 'Only products of this department.' })
  departmentId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or inactive (false) products.' })
  isActive?: boolean;

  @Field(() => UUID, { nullable: true, description: 'Only products linked to this supplier.' })
  supplierId?: string;
}

@ArgsType()
export class BarcodeArgs {
  @Field(() => String, { description: 'Barcode as scanned.' })
  @Length(1, 64)
  barcode!: string;

  @Field(() => UUID, { nullable: true, description: PRICED_AT })
  storeId?: string | null;
}

@ArgsType()
export class ProductAtStoreArgs {
  @Field(() => UUID, { description: 'The product.' })
  id!: string;

  @Field(() => UUID, { nullable: true, description: PRICED_AT })
  storeId?: string | null;
}

/** Fields shared by create and update; on update every field is optional. */
@ArgsType()
class ProductFields {
  @Field(() => String, { nullable: true, description: 'Barcode, unique when present; null clears it.' })
  @IsOptional()
  @Length(1, 64)
  @Matches(BARCODE, { message: 'barcode may contain letters, digits and dashes only' })
  barcode?: string | null;

  @Field(() => String, { nullable: true, description: 'Longer description; null clears it.' })
  @IsOptional()
  @Length(0, 2000)
  description?: string | null;

  @Field(() => UUID, { nullable: true, description: 'Department; null for none.' })
  departmentId?: string | null;

  @Field(() => SafeInt, { nullable: true, description: 'Cost price in cents (default 0).' })
  @OptionalNotNull()
  @Money(0)
  costPrice?: number;

  @Field(() => UUID, { nullable: true, description: 'Tax group; null for untaxed.' })
  taxGroupId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether stock is tracked (default true).' })
  @OptionalNotNull()
  @IsBoolean()
  trackStock?: boolean;

  @Field(() => SafeInt, { nullable: true, description: 'Low-stock threshold in thousandths (default 0).' })
  @OptionalNotNull()
  @StockLevel(0)
  lowStockThreshold?: number;

  @Field(() => Boolean, { nullable: true, description: 'Active flag (default true).' })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

@ArgsType()
export class CreateProductArgs extends ProductFields {
  @Field(() => String, { description: 'Stock-keeping unit: unique, cannot change later.' })
  @Length(1, 64)
  @Matches(SKU, {
    message: 'sku may contain letters, digits and . _ - / only, starting with a letter or digit',
  })
  sku!: string;

  @Field(() => String, { description: 'Display name.' })
  @NotBlank(200)
  name!: string;

  @Field(() => SafeInt, { description: 'Sell price in cents.' })
  @Money(0)
  sellPrice!: number;
}

@ArgsType()
export class UpdateProductArgs extends ProductFields {
  @Field(() => UUID, { description: 'Product to update.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Accepted only when unchanged: the SKU is immutable.' })
  @OptionalNotNull()
  @Length(1, 64)
  sku?: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @OptionalNotNull()
  @NotBlank(200)
  name?: string;

  @Field(() => SafeInt, { nullable: true, description: 'New sell price in cents.' })
  @OptionalNotNull()
  @Money(0)
  sellPrice?: number;
}
