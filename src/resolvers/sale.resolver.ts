import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Sale } from '../entities/sale.entity.js';
import type { RequestContext, PageResult } from '../services/core/index.js';
import * as sales from '../services/selling/index.js';
import { Allow } from '../schema/allow.js';
import {
  CreateSaleArgs,
  SaleListByTypeArgs,
  SaleReceiptArgs,
  VoidSaleArgs,
} from '../schema/args/sale.args.js';
import { Receipt, SalePage } from '../schema/types/sale.types.js';

@Resolver(() => Sale)
export class SaleResolver {
  @Allow('pos.sell', { store: 'storeId', records: true })
  @Query(() => SalePage, {
    description: 'Sales and refunds (type), latest first, with lines and payments; paginated.',
  })
  sales(@Ctx() ctx: RequestContext, @Args() args: SaleListByTypeArgs): Promise<PageResult<Sale>> {
    return sales.listSales(ctx, args);
  }

  @Allow('pos.sell', { store: 'storeId', servedBy: 'store' })
  @Mutation(() => Sale, {
    description:
      'Record a completed sale: every figure is checked against the tax engine; the same (store, terminal, receipt number) and body again returns the same sale.',
  })
  createSale(@Ctx() ctx: RequestContext, @Args() args: CreateSaleArgs): Promise<Sale> {
    return sales.createSale(ctx, args);
  }

  @Allow('pos.void', { servedBy: 'store' })
  @Mutation(() => Sale, { description: 'Void a sale of a still-open register session; restores its stock.' })
  voidSale(@Ctx() ctx: RequestContext, @Args() { id, reason }: VoidSaleArgs): Promise<Sale> {
    return sales.voidSale(ctx, id, reason);
  }

  @Allow('pos.sell')
  @Query(() => Receipt, {
    description:
      "A sale's receipt data: header, lines, taxes, totals, payments, change; a refund's receipt (type REFUND, negative figures) alike.",
  })
  saleReceipt(@Ctx() ctx: RequestContext, @Args() { saleId }: SaleReceiptArgs): Promise<sales.ReceiptData> {
    return sales.receipt(ctx, saleId);
  }
}
