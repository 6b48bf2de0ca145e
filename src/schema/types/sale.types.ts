import { Field, ObjectType } from 'type-graphql';
import { Sale } from '../../entities/sale.entity.js';
import { Store } from '../../entities/store.entity.js';
import type { ReceiptData, ReceiptTaxTotal } from '../../services/selling/index.js';
import { PageOf } from '../page.js';
import { SafeInt } from '../scalars.js';

export const SalePage = PageOf(Sale, 'Sale');

@ObjectType({ description: 'Tax at one rate over a whole receipt, in cents.' })
export class ReceiptTaxLine implements ReceiptTaxTotal {
  @Field(() => String, { description: "The rate's name." })
  taxRateName!: string;

  @Field(() => SafeInt, { description: 'Rate in basis points.' })
  rate!: number;

  @Field(() => SafeInt, { description: 'Amount the rate applied to.' })
  taxableAmount!: number;

  @Field(() => SafeInt, { description: 'Tax charged.' })
  taxAmount!: number;
}

@ObjectType({ description: 'What a till prints for a sale: data, not a printer format.' })
export class Receipt implements ReceiptData {
  @Field(() => Sale, { description: 'The sale: lines with taxes, totals, payments and change.' })
  sale!: Sale;

  @Field(() => Store, { description: 'The store, for the header.' })
  store!: Store;

  @Field(() => String, { description: "Time of the sale in the store's time zone, YYYY-MM-DD HH:mm:ss." })
  localTime!: string;

  @Field(() => String, { description: "The cashier's display name." })
  cashierName!: string;

  @Field(() => String, { nullable: true, description: "The sales representative's name, if any." })
  salesRepName!: string | null;

  @Field(() => String, { nullable: true, description: "The customer's name, if any." })
  customerName!: string | null;

  @Field(() => [ReceiptTaxLine], { description: 'Tax by rate over the whole receipt.' })
  taxSummary!: ReceiptTaxLine[];
}
