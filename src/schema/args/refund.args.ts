import { ArrayMaxSize, IsOptional, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { RefundDisposition } from '../../entities/sale-item.entity.js';
import { MAX_PAYMENTS, MAX_SALE_LINES } from '../../services/core/index.js';
import { SafeInt, UUID } from '../scalars.js';
import { NotBlank, Pin, Quantity } from '../validators.js';
import { PaymentInput } from './sale.args.js';

@InputType({ description: 'A line of the sale to refund, and how much of it.' })
export class RefundItemInput {
  @Field(() => UUID, { description: 'The sale line refunded (a line id of the sale).' })
  saleItemId!: string;

  @Field(() => SafeInt, {
    description:
      'Units to refund, in thousandths, above 0 (at most what is still refundable: see GET /sales/:id/refundable).',
  })
  @Quantity(1)
  quantity!: number;

  @Field(() => RefundDisposition, { description: 'What happens to the goods.' })
  disposition!: RefundDisposition;
}

@ArgsType()
export class CreateRefundArgs {
  @Field(() => UUID, { description: 'The sale refunded (of any store).' })
  saleId!: string;

  @Field(() => String, { description: "The refund's own receipt number: unique per store and terminal." })
  @NotBlank(64)
  receiptNumber!: string;

  @Field(() => String, { description: 'The terminal paying out; it needs an open register session.' })
  @NotBlank(40)
  terminalId!: string;

  @Field(() => UUID, { description: 'The cashier (an active user).' })
  cashierId!: string;

  @Field(() => UUID, {
    nullable: true,
    description:
      "The store refunding: a store server's own store (may be omitted); on HQ any store without its own server, by default the caller's.",
  })
  storeId?: string | null;

  @Field(() => String, { description: 'Why the goods came back (kept with the refund).' })
  @NotBlank(500)
  reason!: string;

  @Field(() => [RefundItemInput], { description: `The lines refunded (1 to ${MAX_SALE_LINES}), each once.` })
  @ArrayMaxSize(MAX_SALE_LINES)
  @ValidateNested({ each: true })
  items!: RefundItemInput[];

  @Field(() => [PaymentInput], {
    description: `The money paid out (at most ${MAX_PAYMENTS} payments): exactly the refund's total, each to a tender of the sale at most what it has left, to another tender only with pos.refund_other_tender or approvedBy.`,
  })
  @ArrayMaxSize(MAX_PAYMENTS)
  @ValidateNested({ each: true })
  payments!: PaymentInput[];

  @Field(() => String, {
    nullable: true,
    description:
      "A manager's PIN approving payments to a tender the sale was not paid in (pos.refund_other_tender), when the cashier may not; recorded on those payments.",
  })
  @IsOptional()
  @Pin()
  approvedBy?: string | null;
}

@ArgsType()
export class SaleRefundableArgs {
  @Field(() => UUID, { description: 'The sale.' })
  id!: string;
}

@ArgsType()
export class SyncSaleArgs {
  @Field(() => UUID, { nullable: true, description: 'The sale, by id; or by its receipt key below.' })
  id?: string | null;

  @Field(() => UUID, { nullable: true, description: "The sale's store (with terminalId and receiptNumber)." })
  storeId?: string | null;

  @Field(() => String, { nullable: true, description: "The sale's terminal." })
  @IsOptional()
  @NotBlank(40)
  terminalId?: string | null;

  @Field(() => String, { nullable: true, description: "The sale's receipt number." })
  @IsOptional()
  @NotBlank(64)
  receiptNumber?: string | null;
}
