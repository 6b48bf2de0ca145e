import { ArrayMaxSize, IsBoolean, IsOptional, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { PurchaseOrderStatus } from '../../entities/purchase-order.entity.js';
import { MAX_DOCUMENT_LINES } from '../../services/core/index.js';
import type { PurchaseOrderLineInput, PurchaseReceiptLineInput } from '../../services/purchasing/index.js';
import { PageArgs } from '../page.js';
import { LocalDate, SafeInt, UUID } from '../scalars.js';
import { Money, NotBlank, OptionalNotNull, Quantity, ShopDate } from '../validators.js';

@ArgsType()
export class PurchaseOrderListArgs extends PageArgs {
  @Field(() => PurchaseOrderStatus, { nullable: true, description: 'Only orders in this state.' })
  status?: PurchaseOrderStatus;

  @Field(() => UUID, { nullable: true, description: 'Only orders from this supplier (REST: `supplier_id`).' })
  supplierId?: string;

  @Field(() => UUID, {
    nullable: true,
    description:
      "Only orders for this store (REST: `store_id`); default the caller's store, else every store (which needs purchase_orders.view at every store).",
  })
  storeId?: string;
}

@InputType({ description: 'A line to order: a product, how much, at what cost.' })
export class PurchaseOrderItemInput implements PurchaseOrderLineInput {
  @Field(() => UUID, { description: 'The product (active, once per order).' })
  productId!: string;

  @Field(() => SafeInt, { description: 'Quantity to order, in thousandths, above 0 (2000 = 2).' })
  @Quantity(1)
  quantity!: number;

  @Field(() => SafeInt, {
    nullable: true,
    description: "Cost per unit, in cents; default the product's cost.",
  })
  @OptionalNotNull()
  @Money(0)
  unitCost?: number;
}

/** Header fields shared by create and update. */
@ArgsType()
class PurchaseOrderFields {
  @Field(() => LocalDate, {
    nullable: true,
    description: 'When the goods are expected (YYYY-MM-DD); null clears it.',
  })
  @IsOptional()
  @ShopDate()
  expectedDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Notes for the supplier or the store; null clears them.',
  })
  @IsOptional()
  @NotBlank(1000)
  notes?: string | null;
}

@ArgsType()
export class CreatePurchaseOrderArgs extends PurchaseOrderFields {
  @Field(() => UUID, { description: 'The supplier ordered from (active).' })
  supplierId!: string;

  @Field(() => UUID, {
    description: 'The store the goods are for (active); purchase_orders.create is needed there.',
  })
  storeId!: string;

  @Field(() => [PurchaseOrderItemInput], {
    nullable: true,
    description: `The lines (at most ${MAX_DOCUMENT_LINES}, each product once); more can be added while it is a DRAFT.`,
  })
  @OptionalNotNull()
  @ArrayMaxSize(MAX_DOCUMENT_LINES)
  @ValidateNested({ each: true })
  items?: PurchaseOrderItemInput[];
}

@ArgsType()
export class UpdatePurchaseOrderArgs extends PurchaseOrderFields {
  @Field(() => UUID, { description: 'The purchase order (a DRAFT).' })
  id!: string;

  @Field(() => UUID, { nullable: true, description: 'Another supplier (active).' })
  @OptionalNotNull()
  supplierId?: string;

  @Field(() => UUID, {
    nullable: true,
    description: 'Another store (active); purchase_orders.edit is needed there too.',
  })
  @OptionalNotNull()
  storeId?: string;
}

@ArgsType()
export class AddPurchaseOrderItemArgs {
  @Field(() => UUID, { description: 'The purchase order (a DRAFT).' })
  id!: string;

  @Field(() => UUID, { description: 'The product (active, not on the order yet).' })
  productId!: string;

  @Field(() => SafeInt, { description: 'Quantity to order, in thousandths, above 0.' })
  @Quantity(1)
  quantity!: number;

  @Field(() => SafeInt, {
    nullable: true,
    description: "Cost per unit, in cents; default the product's cost.",
  })
  @OptionalNotNull()
  @Money(0)
  unitCost?: number;
}

@ArgsType()
export class PurchaseOrderItemArgs {
  @Field(() => UUID, { description: 'The purchase order (a DRAFT).' })
  id!: string;

  @Field(() => UUID, { description: 'The line.' })
  itemId!: string;
}

@ArgsType()
export class UpdatePurchaseOrderItemArgs extends PurchaseOrderItemArgs {
  @Field(() => SafeInt, { nullable: true, description: 'New quantity, in thousandths, above 0.' })
  @OptionalNotNull()
  @Quantity(1)
  quantity?: number;

  @Field(() => SafeInt, { nullable: true, description: 'New cost per unit, in cents.' })
  @OptionalNotNull()
  @Money(0)
  unitCost?: number;
}

@InputType({ description: 'What arrived of one line.' })
export class PurchaseOrderReceiptItemInput implements PurchaseReceiptLineInput {
  @Field(() => UUID, { description: 'The purchase order line (its id), once per receipt.' })
  itemId!: string;

  @Field(() => SafeInt, {
    description: 'Quantity received now, in thousandths, above 0: at most what is still open on the line.',
  })
  @Quantity(1)
  quantityReceived!: number;

  @Field(() => SafeInt, {
    nullable: true,
    description: "Cost per unit received, in cents (kept with the receipt); default the line's unit cost.",
  })
  @OptionalNotNull()
  @Money(0)
  unitCost?: number;
}

@ArgsType()
export class ReceivePurchaseOrderArgs {
  @Field(() => UUID, { description: 'The purchase order (SENT or PARTIALLY_RECEIVED).' })
  id!: string;

  @Field(() => [PurchaseOrderReceiptItemInput], {
    description: `What arrived, line by line (at most ${MAX_DOCUMENT_LINES}); may be empty only when closing short.`,
  })
  @ArrayMaxSize(MAX_DOCUMENT_LINES)
  @ValidateNested({ each: true })
  items!: PurchaseOrderReceiptItemInput[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Close the order now (RECEIVED): what is still open on each line is recorded as closed short, with the note as the reason.',
  })
  @OptionalNotNull()
  @IsBoolean()
  closeShort?: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'A note kept with the receipt; required when closing short (the reason).',
  })
  @IsOptional()
  @NotBlank(500)
  note?: string | null;
}
