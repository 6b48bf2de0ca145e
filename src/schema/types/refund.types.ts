import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type {
  RefundableLine,
  RefundableSale,
  RefundBasis,
  TaxRemaining,
  TenderRemaining,
} from '../../services/refunds/index.js';
import { JSONObject, SafeInt } from '../scalars.js';

@ObjectType({ description: 'What is left to refund of one tax of a sale line, in cents.' })
export class RefundableTax implements TaxRemaining {
  @Field(() => ID, { description: 'The tax rate.' })
  taxRateId!: string;

  @Field(() => String, { description: "The rate's name when sold." })
  taxRateName!: string;

  @Field(() => SafeInt, { description: 'Rate in basis points.' })
  rate!: number;

  @Field(() => Boolean, { description: 'Charged on the net plus the earlier taxes.' })
  isCompound!: boolean;

  @Field(() => Int, { description: 'Position in the tax group.' })
  sortOrder!: number;

  @Field(() => SafeInt, { description: 'What is left of the amount it applied to.' })
  taxableAmount!: number;

  @Field(() => SafeInt, { description: 'What is left of the tax.' })
  taxAmount!: number;
}

@ObjectType({
  description:
    'One sale line: sold, refunded and still refundable. Refunding k of the n units left takes round_half_even(left × k / n) of each figure; the last units take exactly what is left. Money in cents, quantities in thousandths.',
})
export class RefundableSaleLine implements RefundableLine {
  @Field(() => ID, { description: 'The sale line (saleItemId of a refund line).' })
  saleItemId!: string;

  @Field(() => Int, { description: 'Its position on the receipt.' })
  lineNumber!: number;

  @Field(() => ID, { description: 'The product.' })
  productId!: string;

  @Field(() => String, { description: 'SKU when sold.' })
  sku!: string;

  @Field(() => String, { description: 'Name when sold.' })
  productName!: string;

  @Field(() => SafeInt, { description: 'Units sold.' })
  quantitySold!: number;

  @Field(() => SafeInt, { description: 'Units refunded so far, at every store this server knows of.' })
  quantityRefunded!: number;

  @Field(() => SafeInt, { description: 'Units that can still be refunded.' })
  quantityRefundable!: number;

  @Field(() => SafeInt, { description: 'Net (after discount, before tax) left to refund.' })
  netRefundable!: number;

  @Field(() => SafeInt, { description: 'Discount left (what the net already has off).' })
  discountRefundable!: number;

  @Field(() => SafeInt, { description: 'Tax left to refund.' })
  taxRefundable!: number;

  @Field(() => SafeInt, { description: 'netRefundable + taxRefundable.' })
  totalRefundable!: number;

  @Field(() => [RefundableTax], { description: 'Per rate, what is left.' })
  taxes!: RefundableTax[];
}

@ObjectType({ description: 'A tender of the sale: what it took, got back and can still get back, in cents.' })
export class RefundableTender implements TenderRemaining {
  @Field(() => String, { description: 'Tender code.' })
  method!: string;

  @Field(() => Boolean, { description: 'A cash tender.' })
  isCash!: boolean;

  @Field(() => SafeInt, { description: 'What it took in the sale (cash less the change given).' })
  paid!: number;

  @Field(() => SafeInt, { description: 'What refunds paid back to it.' })
  refunded!: number;

  @Field(() => SafeInt, { description: 'What can still go back to it.' })
  refundable!: number;
}

@ObjectType({ description: 'What can still be refunded of a sale, line by line and tender by tender.' })
export class SaleRefundable implements RefundableSale {
  @Field(() => ID, { description: 'The sale.' })
  saleId!: string;

  @Field(() => ID, { description: 'Its store.' })
  storeId!: string;

  @Field(() => String, { description: 'Its terminal.' })
  terminalId!: string;

  @Field(() => String, { description: 'Its receipt number.' })
  receiptNumber!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was sold.' })
  soldAt!: Date;

  @Field(() => [RefundableSaleLine], { description: 'Its lines, in receipt order.' })
  lines!: RefundableSaleLine[];

  @Field(() => [RefundableTender], {
    description: 'Its tenders, and any other a refund paid out in (paid 0).',
  })
  tenders!: RefundableTender[];
}

@ObjectType({
  description:
    'A sale and every refund of it HQ holds, for a store server refunding it: the rows as recorded (refund figures negative).',
})
export class SyncSale implements RefundBasis {
  @Field(() => JSONObject, {
    description:
      'The sale: id, storeId, type, status, terminalId, receiptNumber, soldAt, changeGiven, items (with taxes) and payments.',
  })
  sale!: RefundBasis['sale'];

  @Field(() => [JSONObject], {
    description: 'Its refunds: id, items (refundOfItemId, quantity, amounts, taxes) and payments.',
  })
  refunds!: RefundBasis['refunds'];
}
