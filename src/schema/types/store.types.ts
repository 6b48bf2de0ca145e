import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { DayFigures } from '../../services/stores/index.js';
import { LocalDate, SafeInt } from '../scalars.js';

@ObjectType({ description: "One store's trading today (its own calendar day). Money in cents." })
export class StoreDayFigures implements DayFigures {
  @Field(() => ID, { description: 'The store.' })
  storeId!: string;

  @Field(() => String, { description: "The store's code." })
  storeCode!: string;

  @Field(() => String, { description: "The store's name." })
  storeName!: string;

  @Field(() => LocalDate, { description: "Today in the store's time zone." })
  date!: string;

  @Field(() => Int, { description: 'Completed sales today.' })
  salesCount!: number;

  @Field(() => SafeInt, { description: 'Net sales today: after discounts, before tax.' })
  revenue!: number;

  @Field(() => SafeInt, { description: 'Tax charged today.' })
  taxTotal!: number;

  @Field(() => SafeInt, { description: 'revenue + taxTotal: what customers paid today.' })
  grandTotal!: number;

  @Field(() => Int, { description: 'Sales voided today.' })
  voidCount!: number;

  @Field(() => Int, { description: 'Register sessions open now.' })
  openRegisters!: number;
}
