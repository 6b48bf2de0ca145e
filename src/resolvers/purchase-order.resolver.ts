import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { PurchaseOrder } from '../entities/purchase-order.entity.js';
import type { PageResult, RequestContext } from '../services/core/index.js';
import * as purchasing from '../services/purchasing/index.js';
import { Allow } from '../schema/allow.js';
import { IdArgs } from '../schema/args/common.args.js';
import {
  AddPurchaseOrderItemArgs,
  CreatePurchaseOrderArgs,
  PurchaseOrderItemArgs,
  PurchaseOrderListArgs,
  ReceivePurchaseOrderArgs,
  UpdatePurchaseOrderArgs,
  UpdatePurchaseOrderItemArgs,
} from '../schema/args/purchase-order.args.js';
import { PurchaseOrderPage } from '../schema/types/purchase-order.types.js';

/**
 * Purchase orders: made and managed at HQ, received at their store. The permission is held at the
 * order's store (or at every store): checked after the order is loaded.
 */
@Resolver(() => PurchaseOrder)
export class PurchaseOrderResolver {
  @Allow('purchase_orders.view', { store: 'storeId', records: true })
  @Query(() => PurchaseOrderPage, {
    description: 'Purchase orders, latest first, with their lines and receipts; paginated.',
  })
  purchaseOrders(
    @Ctx() ctx: RequestContext,
    @Args() args: PurchaseOrderListArgs,
  ): Promise<PageResult<PurchaseOrder>> {
    return purchasing.listPurchaseOrders(ctx, args);
  }

  @Allow('purchase_orders.view')
  @Query(() => PurchaseOrder, {
    description:
      'A purchase order with its lines (ordered, received, closed short and open quantities) and its receipts.',
  })
  purchaseOrder(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<PurchaseOrder> {
    return purchasing.viewPurchaseOrder(ctx, id);
  }

  @Allow('purchase_orders.create', { store: 'storeId', records: true })
  @Mutation(() => PurchaseOrder, {
    description:
      "Create a DRAFT purchase order with its chain-wide number; a line's cost defaults to the product's, totals are computed.",
  })
  createPurchaseOrder(
    @Ctx() ctx: RequestContext,
    @Args() args: CreatePurchaseOrderArgs,
  ): Promise<PurchaseOrder> {
    return purchasing.createPurchaseOrder(ctx, args);
  }

  @Allow('purchase_orders.edit')
  @Mutation(() => PurchaseOrder, {
    description: "Change a DRAFT's supplier, store, expected date or notes.",
  })
  updatePurchaseOrder(
    @Ctx() ctx: RequestContext,
    @Args() { id, ...changes }: UpdatePurchaseOrderArgs,
  ): Promise<PurchaseOrder> {
    return purchasing.updatePurchaseOrder(ctx, id, changes);
  }

  @Allow('purchase_orders.create')
  @Mutation(() => PurchaseOrder, { description: 'Submit a DRAFT (with at least one line) for approval.' })
  submitPurchaseOrder(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<PurchaseOrder> {
    return purchasing.submitPurchaseOrder(ctx, id);
  }

  @Allow('purchase_orders.approve')
  @Mutation(() => PurchaseOrder, { description: 'Approve a SUBMITTED purchase order.' })
  approvePurchaseOrder(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<PurchaseOrder> {
    return purchasing.approvePurchaseOrder(ctx, id);
  }

  @Allow('purchase_orders.edit')
  @Mutation(() => PurchaseOrder, {
    description: 'Mark an APPROVED purchase order sent to the supplier: its store sees it from now on.',
  })
  sendPurchaseOrder(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<PurchaseOrder> {
    return purchasing.sendPurchaseOrder(ctx, id);
  }

  @Allow('purchase_orders.receive', { servedBy: 'store' })
  @Mutation(() => PurchaseOrder, {
    description:
      "Receive goods against a SENT or PARTIALLY_RECEIVED order at its store: a receipt row, the lines' figures, PO_RECEIPT stock movements; closeShort ends it RECEIVED.",
  })
  receivePurchaseOrder(
    @Ctx() ctx: RequestContext,
    @Args() { id, ...receipt }: ReceivePurchaseOrderArgs,
  ): Promise<PurchaseOrder> {
    return purchasing.receivePurchaseOrder(ctx, id, receipt);
  }

  @Allow('purchase_orders.edit')
  @Mutation(() => PurchaseOrder, {
    description: 'Cancel a purchase order before anything was received (after a receipt, close it short).',
  })
  cancelPurchaseOrder(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<PurchaseOrder> {
    return purchasing.cancelPurchaseOrder(ctx, id);
  }

  @Allow('purchase_orders.delete')
  @Mutation(() => PurchaseOrder, { description: 'Delete a DRAFT purchase order with its lines.' })
  deletePurchaseOrder(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<PurchaseOrder> {
    return purchasing.deletePurchaseOrder(ctx, id);
  }

  @Allow('purchase_orders.edit')
  @Mutation(() => PurchaseOrder, { description: 'Add a line to a DRAFT; answers the order.' })
  addPurchaseOrderItem(
    @Ctx() ctx: RequestContext,
    @Args() { id, ...line }: AddPurchaseOrderItemArgs,
  ): Promise<PurchaseOrder> {
    return purchasing.addPurchaseOrderItem(ctx, id, line);
  }

  @Allow('purchase_orders.edit')
  @Mutation(() => PurchaseOrder, {
    description: "Change a DRAFT line's quantity or unit cost; answers the order.",
  })
  updatePurchaseOrderItem(
    @Ctx() ctx: RequestContext,
    @Args() { id, itemId, ...changes }: UpdatePurchaseOrderItemArgs,
  ): Promise<PurchaseOrder> {
    return purchasing.updatePurchaseOrderItem(ctx, id, itemId, changes);
  }

  @Allow('purchase_orders.edit')
  @Mutation(() => PurchaseOrder, { description: 'Remove a line from a DRAFT; answers the order.' })
  removePurchaseOrderItem(
    @Ctx() ctx: RequestContext,
    @Args() { id, itemId }: PurchaseOrderItemArgs,
  ): Promise<PurchaseOrder> {
    return purchasing.removePurchaseOrderItem(ctx, id, itemId);
  }
}
