import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Sale, SaleType } from '../entities/sale.entity.js';
import type { PageResult, RequestContext } from '../services/core/index.js';
import * as refunds from '../services/refunds/index.js';
import { listSales } from '../services/selling/index.js';
import { Allow, HqOnly, SyncOnly } from '../schema/allow.js';
import { CreateRefundArgs, SaleRefundableArgs, SyncSaleArgs } from '../schema/args/refund.args.js';
import { SaleListArgs } from '../schema/args/sale.args.js';
import { SaleRefundable, SyncSale } from '../schema/types/refund.types.js';
import { SalePage } from '../schema/types/sale.types.js';

/** Refunds: a sale of type REFUND against an earlier sale, at any store. */
@Resolver()
export class RefundResolver {
  @Allow('pos.sell')
  @Query(() => SaleRefundable, {
    description:
      'What can still be refunded of a sale (of any store), line by line and tender by tender. A store server asks HQ for what other stores refunded while HQ is reachable.',
  })
  saleRefundable(
    @Ctx() ctx: RequestContext,
    @Args() { id }: SaleRefundableArgs,
  ): Promise<refunds.RefundableSale> {
    return refunds.refundableOf(ctx, id);
  }

  @Allow('pos.refund', { store: 'storeId', servedBy: 'store' })
  @Mutation(() => Sale, {
    description:
      "Refund lines of a sale: a sale of type REFUND with negative figures, each line's share of the sale line exactly, paid out to the sale's tenders; the same (store, terminal, receipt number) and body again returns the same refund.",
  })
  createRefund(@Ctx() ctx: RequestContext, @Args() args: CreateRefundArgs): Promise<Sale> {
    return refunds.createRefund(ctx, args);
  }

  @Allow('pos.sell', { store: 'storeId', records: true })
  @Query(() => SalePage, {
    description: 'Refunds, latest first, with lines and payments; filtered like sales; paginated.',
  })
  refunds(@Ctx() ctx: RequestContext, @Args() args: SaleListArgs): Promise<PageResult<Sale>> {
    return listSales(ctx, { ...args, type: SaleType.REFUND });
  }

  @HqOnly()
  @SyncOnly()
  @Query(() => SyncSale, {
    description:
      'A store server refunding a sale it does not hold (or checking for refunds made elsewhere): the sale and every refund of it HQ holds, by id or by receipt key.',
  })
  syncSale(@Ctx() ctx: RequestContext, @Args() args: SyncSaleArgs): Promise<refunds.RefundBasis> {
    return refunds.saleForStore(ctx, args);
  }
}
