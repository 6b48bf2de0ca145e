/*
 * A sale as the till states it (`POST /sales`, `createSale`): the args class `CreateSaleArgs` has this
 * shape. Money in cents, quantities in thousandths, rates in basis points.
 */

/** A tax as the till states it on a line. */
export interface StatedLineTax {
  taxRateName: string;
  rate: number;
  taxAmount: number;
  isCompound: boolean;
  sortOrder: number;
}

/** A line as the till states it. Money in cents, quantity in thousandths. */
export interface SaleLineInput {
  productId: string;
  productName: string;
  quantity: number;
  unitPrice: number;
  taxRate: number;
  taxAmount: number;
  discountAmount: number;
  lineTotal: number;
  taxes: StatedLineTax[];
}

export interface PaymentInput {
  /** Tender code. */
  method: string;
  amount: number;
  reference?: string | null;
}

/** `POST /sales` as the till sends it; every figure is checked against the server's tax engine. */
export interface SaleInput {
  receiptNumber: string;
  cashierId: string;
  terminalId: string;
  subtotal: number;
  taxTotal: number;
  discountTotal: number;
  grandTotal: number;
  salesRepId?: string | null;
  customerId?: string | null;
  items: SaleLineInput[];
  payments: PaymentInput[];
  /**
   * A manager's PIN approving the lines below their price or discounted, when the caller may not give
   * them. Not part of the request's digest: a retry is the same sale whoever approved it.
   */
  approvedBy?: string | null;
}

/** The four totals a sale states, each checked against the sum of its lines. */
export type SaleTotals = Pick<SaleInput, 'subtotal' | 'discountTotal' | 'taxTotal' | 'grandTotal'>;
