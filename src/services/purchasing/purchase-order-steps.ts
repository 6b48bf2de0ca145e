import { PurchaseOrder, PurchaseOrderStatus } from '../../entities/purchase-order.entity.js';
import { assertCan } from '../auth/grants.js';
import type { Permission } from '../auth/permissions.js';
import type { RequestContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { assertCancellable, purchaseOrderMachine } from './purchase-order.machine.js';
import { getPurchaseOrder, lockPurchaseOrder } from './purchase-order-queries.js';

/*
 * The steps HQ takes with a purchase order before it is received: submit, approve, send, cancel. Each
 * locks the order, needs its permission at the order's store (403), asks the machine (409) and records
 * who and when.
 */

/** A step of the order: its permission, the status it leads to, and the columns of who and when. */
async function step(
  ctx: RequestContext,
  id: string,
  permission: Permission,
  to: PurchaseOrderStatus,
  check: (po: PurchaseOrder) => void,
  record: (po: PurchaseOrder, who: string, when: Date) => void,
): Promise<PurchaseOrder> {
  const po = await lockPurchaseOrder(ctx, id);
  assertCan(ctx, permission, po.storeId);
  check(po);
  po.status = to;
  record(po, ctx.user!.id, ctx.runtime.now());
  await ctx.em.flush();
  return getPurchaseOrder(ctx, po.id);
}

/** The machine's refusal in the order's words. */
const allowed = (to: PurchaseOrderStatus) => (po: PurchaseOrder) =>
  purchaseOrderMachine.assert(
    po.status,
    to,
    () => `Purchase order ${po.number} is ${po.status}: it cannot become ${to}`,
  );

/** DRAFT → SUBMITTED, for approval. An order without lines is refused (409): there is nothing to approve. */
export function submitPurchaseOrder(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
  return step(
    ctx,
    id,
    'purchase_orders.create',
    PurchaseOrderStatus.SUBMITTED,
    (po) => {
      allowed(PurchaseOrderStatus.SUBMITTED)(po);
      if (po.items.length === 0) {
        throw new AppError(
          'INVALID_STATE',
          `Purchase order ${po.number} has no lines: add at least one before submitting it`,
        );
      }
    },
    (po, who, when) => Object.assign(po, { submittedById: who, submittedAt: when }),
  );
}

/** SUBMITTED → APPROVED. */
export function approvePurchaseOrder(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
  return step(
    ctx,
    id,
    'purchase_orders.approve',
    PurchaseOrderStatus.APPROVED,
    allowed(PurchaseOrderStatus.APPROVED),
    (po, who, when) => Object.assign(po, { approvedById: who, approvedAt: when }),
  );
}

/** APPROVED → SENT (to the supplier): from now on the order's store sees it (sync) and receives it. */
export function sendPurchaseOrder(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
  return step(
    ctx,
    id,
    'purchase_orders.edit',
    PurchaseOrderStatus.SENT,
    allowed(PurchaseOrderStatus.SENT),
    (po, who, when) => Object.assign(po, { sentById: who, sentAt: when }),
  );
}

/**
 * → CANCELLED, from DRAFT, SUBMITTED, APPROVED or SENT: before anything was received (409 after a
 * receipt: close it short instead).
 */
export function cancelPurchaseOrder(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
  return step(
    ctx,
    id,
    'purchase_orders.edit',
    PurchaseOrderStatus.CANCELLED,
    assertCancellable,
    (po, who, when) => Object.assign(po, { cancelledById: who, cancelledAt: when }),
  );
}
