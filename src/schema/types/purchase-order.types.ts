import { PurchaseOrder } from '../../entities/purchase-order.entity.js';
import { PageOf } from '../page.js';

export const PurchaseOrderPage = PageOf(PurchaseOrder, 'PurchaseOrder');
