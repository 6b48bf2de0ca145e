import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { Store } from './store.entity.js';
import { User } from './user.entity.js';
import { SafeInt } from './safe-int.js';

export enum RegisterSessionStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

registerEnumType(RegisterSessionStatus, {
  name: 'RegisterSessionStatus',
  description: 'Whether a register session still takes sales.',
  valuesConfig: {
    OPEN: { description: 'Taking sales.' },
    CLOSED: { description: 'Counted and closed; immutable.' },
  },
});

/**
 * One till's shift: opened with a float, closed with the counted cash. A register is a terminal of a
 * store; it has at most one open session, and its closed sessions carry consecutive Z numbers.
 */
@ObjectType({ description: "A register session: one terminal's shift, from opening float to Z report." })
@Entity({ tableName: 'register_session' })
@Index({
  name: 'register_session_open_unique',
  expression:
    'create unique index "register_session_open_unique" on "register_session" ("store_id", "terminal_id") where "status" = \'OPEN\'',
})
@Unique({ name: 'register_session_z_unique', properties: ['storeId', 'terminalId', 'zNumber'] })
@Index({ name: 'register_session_store_opened_idx', properties: ['storeId', 'openedAt'] })
export class RegisterSession extends BaseEntity {
  @Field(() => ID, { description: 'The store.' })
  @ManyToOne(() => Store, { mapToPk: true, fieldName: 'store_id', deleteRule: 'restrict' })
  storeId!: string;

  @Field(() => String, { description: 'The terminal (till) this session is for.' })
  @Property({ type: 'string', length: 40 })
  terminalId!: string;

  @Field(() => RegisterSessionStatus, { description: 'OPEN or CLOSED.' })
  @Enum({ items: () => RegisterSessionStatus, nativeEnumName: 'register_session_status', default: 'OPEN' })
  status: Opt<RegisterSessionStatus> = RegisterSessionStatus.OPEN;

  @Field(() => ID, { description: 'Who opened it.' })
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'opened_by_id', deleteRule: 'restrict' })
  openedById!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was opened.' })
  @Property({ type: 'timestamptz' })
  openedAt!: Date;

  @Field(() => SafeInt, { description: 'Cash in the drawer at opening (the float), in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  openingAmount!: number;

  @Field(() => ID, { nullable: true, description: 'Who closed it.' })
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'closed_by_id', nullable: true, deleteRule: 'restrict' })
  closedById: string | null = null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was closed.' })
  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  @Field(() => Int, {
    nullable: true,
    description: 'Z number given at close: consecutive per register (store and terminal), from 1.',
  })
  @Property({ type: 'integer', nullable: true })
  zNumber: number | null = null;

  @Field(() => SafeInt, {
    nullable: true,
    description: 'Cash the drawer should hold at close: opening + cash taken − change given, in cents.',
  })
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  expectedCash: number | null = null;

  @Field(() => SafeInt, { nullable: true, description: 'Cash counted at close, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  declaredCash: number | null = null;

  @Field(() => SafeInt, {
    nullable: true,
    description: 'Declared − expected cash, in cents: positive over, negative short.',
  })
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  overShort: number | null = null;

  /** The Z report's figures, frozen at close (served by `GET /reports/z-report`). */
  @Property({ type: 'json', nullable: true, lazy: true })
  zReport: Opt<Record<string, unknown>> | null = null;
}
