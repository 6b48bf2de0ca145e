import {
  ArrayMaxSize,
  IsBoolean,
  IsInt,
  IsOptional,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import { SaleStatus, SaleType } from '../../entities/sale.entity.js';
import { PageArgs } from '../page.js';
import { LocalDate, SafeInt, UUID } from '../scalars.js';
import { MAX_LINE_TAXES, MAX_PAYMENTS, MAX_SALE_LINES } from '../../services/core/index.js';
import { MAX_TAX_RATE } from '../../services/pricing/index.js';
import { Money, NotBlank, Pin, Quantity, Rate, ShopDate } from '../validators.js';

@InputType({ description: 'A tax on a line, as the till computed it.' })
export class SaleLineTaxInput {
  @Field(() => String, { description: "The tax rate's name." })
  @NotBlank(100)
  taxRateName!: string;

  @Field(() => SafeInt, { description: 'Rate in basis points.' })
  @Rate()
  rate!: number;

  @Field(() => SafeInt, { description: 'The tax, in cents.' })
  @Money()
  taxAmount!: number;

  @Field(() => Boolean, { description: 'Whether it is charged on the net plus the earlier taxes.' })
  @IsBoolean()
  isCompound!: boolean;

  @Field(() => Int, { description: 'Position in the tax group.' })
  @IsInt()
  sortOrder!: number;
}

@InputType({ description: 'A sale line as the till rang it up. Money in cents, quantity in thousandths.' })
export class SaleLineInput {
  @Field(() => UUID, { description: 'The product.' })
  productId!: string;

  @Field(() => String, { description: 'The name the till showed (the catalogue name is recorded).' })
  @NotBlank(200)
  productName!: string;

  @Field(() => SafeInt, { description: 'Quantity in thousandths of a unit, above 0 (2000 = 2).' })
  @Quantity(1)
  quantity!: number;

  @Field(() => SafeInt, { description: 'Price per unit, in cents.' })
  @Money(0)
  unitPrice!: number;

  @Field(() => SafeInt, { description: 'Sum of the rates applied, in basis points.' })
  @IsInt()
  @Min(0)
  // The sum of at most MAX_LINE_TAXES rates.
  @Max(MAX_LINE_TAXES * MAX_TAX_RATE)
  taxRate!: number;

  @Field(() => SafeInt, { description: 'Sum of the line taxes, in cents.' })
  @Money()
  taxAmount!: number;

  @Field(() => SafeInt, { description: 'Discount on this line, in cents.' })
  @Money(0)
  discountAmount!: number;

  @Field(() => SafeInt, { description: 'extended − discount + tax, in cents.' })
  @Money()
  lineTotal!: number;

  @Field(() => [SaleLineTaxInput], { description: 'The taxes on this line, in the order applied.' })
  @ArrayMaxSize(MAX_LINE_TAXES)
  @ValidateNested({ each: true })
  taxes!: SaleLineTaxInput[];
}

@InputType({ description: 'A payment in one tender: taken by a sale, paid out by a refund.' })
export class PaymentInput {
  @Field(() => String, { description: 'Tender code, e.g. CASH.' })
  @NotBlank(30)
  method!: string;

  @Field(() => SafeInt, {
    description: 'Amount in cents, above 0: tendered for a sale, paid out by a refund.',
  })
  @Money(1)
  amount!: number;

  @Field(() => String, { nullable: true, description: 'Card slip, voucher number or similar.' })
  @IsOptional()
  @Length(0, 200)
  reference?: string | null;
}

@ArgsType()
export class CreateSaleArgs {
  @Field(() => String, { description: "The till's receipt number: unique per store and terminal." })
  @NotBlank(64)
  receiptNumber!: string;

  @Field(() => UUID, { description: 'The cashier (an active user).' })
  cashierId!: string;

  @Field(() => String, { description: 'The terminal (till); it needs an open register session.' })
  @NotBlank(40)
  terminalId!: string;

  @Field(() => SafeInt, { description: 'Sum of the line amounts before discounts and tax, in cents.' })
  @Money()
  subtotal!: number;

  @Field(() => SafeInt, { description: 'Sum of the line taxes, in cents.' })
  @Money()
  taxTotal!: number;

  @Field(() => SafeInt, { description: 'Sum of the line discounts, in cents.' })
  @Money()
  discountTotal!: number;

  @Field(() => SafeInt, { description: 'subtotal − discountTotal + taxTotal, in cents.' })
  @Money()
  grandTotal!: number;

  @Field(() => UUID, {
    nullable: true,
    description:
      "The store: a store server's own store (may be omitted); on HQ any store, by default the caller's.",
  })
  storeId?: string | null;

  @Field(() => UUID, { nullable: true, description: 'The sales representative credited, if any.' })
  salesRepId?: string | null;

  @Field(() => UUID, { nullable: true, description: 'The customer, if any.' })
  customerId?: string | null;

  @Field(() => [SaleLineInput], { description: `The lines (1 to ${MAX_SALE_LINES}).` })
  @ArrayMaxSize(MAX_SALE_LINES)
  @ValidateNested({ each: true })
  items!: SaleLineInput[];

  @Field(() => [PaymentInput], {
    description: `The payments (at most ${MAX_PAYMENTS}); together they cover grandTotal.`,
  })
  @ArrayMaxSize(MAX_PAYMENTS)
  @ValidateNested({ each: true })
  payments!: PaymentInput[];

  @Field(() => String, {
    nullable: true,
    description:
      "A manager's PIN, approving the lines charged below their price (pos.price_override) or discounted (pos.discount) when the cashier may not; recorded on those lines.",
  })
  @IsOptional()
  @Pin()
  approvedBy?: string | null;
}

@ArgsType()
export class VoidSaleArgs {
  @Field(() => UUID, { description: 'The sale to void.' })
  id!: string;

  @Field(() => String, { description: 'Why it is voided (kept with the sale).' })
  @NotBlank(500)
  reason!: string;
}

@ArgsType()
export class SaleReceiptArgs {
  @Field(() => UUID, { description: 'The sale.' })
  saleId!: string;
}

@ArgsType()
export class SaleListArgs extends PageArgs {
  @Field(() => LocalDate, {
    nullable: true,
    description: "First day, inclusive, in the store's time zone (REST: `date_from`).",
  })
  @IsOptional()
  @ShopDate()
  dateFrom?: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description: "Last day, inclusive, in the store's time zone (REST: `date_to`).",
  })
  @IsOptional()
  @ShopDate()
  dateTo?: string | null;

  @Field(() => UUID, {
    nullable: true,
    description: "Only this store's sales (REST: `store_id`); default the caller's store.",
  })
  storeId?: string | null;

  @Field(() => SaleStatus, { nullable: true, description: 'Only COMPLETED or only VOIDED sales.' })
  status?: SaleStatus | null;

  @Field(() => String, { nullable: true, description: 'Only this terminal (REST: `terminal_id`).' })
  terminalId?: string | null;

  @Field(() => UUID, { nullable: true, description: 'Only this cashier (REST: `cashier_id`).' })
  cashierId?: string | null;
}

@ArgsType()
export class SaleListByTypeArgs extends SaleListArgs {
  @Field(() => SaleType, { nullable: true, description: 'Only sales, or only refunds; default both.' })
  type?: SaleType | null;
}
