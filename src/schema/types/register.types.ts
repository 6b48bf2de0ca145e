import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { RegisterSession, RegisterSessionStatus } from '../../entities/register-session.entity.js';
import type { RateFigures, SessionFigures, TenderFigures } from '../../services/registers/index.js';
import { PageOf } from '../page.js';
import { SafeInt } from '../scalars.js';

export const RegisterSessionPage = PageOf(RegisterSession, 'RegisterSession');

@ObjectType({ description: 'Tax charged at one rate within a register session, in cents.' })
export class RateTotal implements RateFigures {
  @Field(() => ID, { description: 'The tax rate.' })
  taxRateId!: string;

  @Field(() => String, { description: "The rate's name on the sales." })
  taxRateName!: string;

  @Field(() => SafeInt, { description: 'Rate in basis points.' })
  rate!: number;

  @Field(() => Boolean, { description: 'Whether the rate is compound.' })
  isCompound!: boolean;

  @Field(() => SafeInt, { description: 'Amount the rate applied to.' })
  taxableAmount!: number;

  @Field(() => SafeInt, { description: 'Tax charged.' })
  taxAmount!: number;
}

@ObjectType({ description: 'Payments in one tender within a register session, in cents.' })
export class TenderTotal implements TenderFigures {
  @Field(() => String, { description: 'Tender code.' })
  method!: string;

  @Field(() => Boolean, { description: 'Whether the tender counts in the drawer.' })
  isCash!: boolean;

  @Field(() => Int, { description: 'Number of payments.' })
  count!: number;

  @Field(() => SafeInt, { description: 'Amount tendered in sales (cash before change).' })
  amount!: number;

  @Field(() => Int, { description: 'Number of refund payments paid out in it.' })
  refundCount!: number;

  @Field(() => SafeInt, { description: 'Amount refunds paid out in it (positive).' })
  refunded!: number;
}

@ObjectType({
  description:
    'The figures of a register session: an X report while it runs, the Z report frozen at close. Completed sales only; voids apart. Money in cents.',
})
export class SessionReport implements SessionFigures {
  @Field(() => ID, { description: 'The register session.' })
  sessionId!: string;

  @Field(() => ID, { description: 'The store.' })
  storeId!: string;

  @Field(() => String, { description: "The store's code." })
  storeCode!: string;

  @Field(() => String, { description: 'The terminal.' })
  terminalId!: string;

  @Field(() => RegisterSessionStatus, { description: 'OPEN (X report) or CLOSED.' })
  status!: RegisterSessionStatus;

  @Field(() => Int, { nullable: true, description: 'Z number, once closed.' })
  zNumber!: number | null;

  @Field(() => GraphQLISODateTime, { description: 'When the session was opened.' })
  openedAt!: Date;

  @Field(() => ID, { description: 'Who opened it.' })
  openedById!: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was closed.' })
  closedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'Who closed it.' })
  closedById!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When these figures were computed.' })
  generatedAt!: Date;

  @Field(() => Int, { description: 'Completed sales (refunds are counted apart).' })
  salesCount!: number;

  @Field(() => SafeInt, { description: 'Sum of the line amounts before discounts and tax.' })
  grossSales!: number;

  @Field(() => SafeInt, { description: 'Sum of the discounts.' })
  discountTotal!: number;

  @Field(() => SafeInt, { description: 'grossSales − discountTotal.' })
  netSales!: number;

  @Field(() => SafeInt, { description: 'Sum of the taxes (equals the sum of `taxes`).' })
  taxTotal!: number;

  @Field(() => SafeInt, { description: 'netSales + taxTotal: what customers paid.' })
  grandTotal!: number;

  @Field(() => Int, { description: 'Voided sales.' })
  voidCount!: number;

  @Field(() => SafeInt, { description: 'Sum of the voided sales’ grand totals.' })
  voidTotal!: number;

  @Field(() => Int, { description: 'Refunds made in this session (of sales of any session or store).' })
  refundCount!: number;

  @Field(() => SafeInt, { description: 'Net the refunds gave back (after discount, before tax; positive).' })
  refundNet!: number;

  @Field(() => SafeInt, { description: 'Tax the refunds gave back (positive).' })
  refundTax!: number;

  @Field(() => SafeInt, { description: 'refundNet + refundTax: what the refunds paid out.' })
  refundTotal!: number;

  @Field(() => [RateTotal], { description: 'Tax by rate, net of the refunds (sales less refunds).' })
  taxes!: RateTotal[];

  @Field(() => [TenderTotal], { description: 'Payments by tender.' })
  tenders!: TenderTotal[];

  @Field(() => SafeInt, { description: 'Cash in the drawer at opening.' })
  openingAmount!: number;

  @Field(() => SafeInt, { description: 'Cash tendered by customers.' })
  cashTaken!: number;

  @Field(() => SafeInt, { description: 'Change given back.' })
  changeGiven!: number;

  @Field(() => SafeInt, { description: 'Cash paid out by refunds.' })
  cashRefunded!: number;

  @Field(() => SafeInt, { description: 'openingAmount + cashTaken − changeGiven − cashRefunded.' })
  expectedCash!: number;

  @Field(() => SafeInt, { nullable: true, description: 'Cash counted at close.' })
  declaredCash!: number | null;

  @Field(() => SafeInt, {
    nullable: true,
    description: 'declaredCash − expectedCash: positive over, negative short.',
  })
  overShort!: number | null;
}
