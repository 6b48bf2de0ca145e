import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';
import { Store } from './store.entity.js';
import type { Transfer } from './transfer.entity.js';
import { User } from './user.entity.js';
import { SafeInt } from './safe-int.js';

/** What a step of a transfer did. */
export enum TransferStepKind {
  CREATED = 'CREATED',
  SENT = 'SENT',
  RECEIVED = 'RECEIVED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TransferStepKind, {
  name: 'TransferStepKind',
  description: 'What a step of a transfer did.',
  valuesConfig: {
    CREATED: { description: 'Created at the source.' },
    SENT: { description: 'Sent by the source: the stock left it (TRANSFER_OUT).' },
    RECEIVED: {
      description:
        'A receipt at the destination (TRANSFER_IN for what was received); `complete` closes the transfer.',
    },
    CANCELLED: { description: 'Cancelled by the source; stock already sent went back (TRANSFER_RETURN).' },
  },
});

/** What one receipt recorded for one line, in thousandths. */
@ObjectType({ description: 'What one receipt recorded for one line of the transfer, in thousandths.' })
export class TransferReceiptLine {
  @Field(() => ID, { description: 'The transfer line (its itemId).' })
  itemId!: string;

  @Field(() => SafeInt, { description: 'Received into stock by this receipt.' })
  quantityReceived!: number;

  @Field(() => SafeInt, { description: 'Found damaged by this receipt (never entered stock).' })
  quantityDamaged!: number;
}

/**
 * One step of a transfer: made once, by the store that owns it, never edited. It names both stores, so
 * that HQ relays it to each of them.
 */
@ObjectType({ description: 'A step of a transfer: what was done, by whom, where and when.' })
@Entity({ tableName: 'transfer_step' })
@Index({ name: 'transfer_step_transfer_idx', properties: ['transfer'] })
export class TransferStep {
  @Field(() => ID, { description: 'Identifier (UUID v7).' })
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => 'Transfer', { ref: true, deleteRule: 'cascade' })
  transfer!: Ref<Transfer>;

  @Field(() => TransferStepKind, { description: 'What the step did.' })
  @Enum({ items: () => TransferStepKind, nativeEnumName: 'transfer_step_kind' })
  kind!: TransferStepKind;

  @Field(() => ID, { description: 'The store that made it (the source, or the destination for a receipt).' })
  @ManyToOne(() => Store, { mapToPk: true, fieldName: 'store_id', deleteRule: 'restrict' })
  storeId!: string;

  /** The transfer's source and destination: the stores HQ relays the step to. */
  @ManyToOne(() => Store, { mapToPk: true, fieldName: 'from_store_id', deleteRule: 'restrict' })
  fromStoreId!: string;

  @ManyToOne(() => Store, { mapToPk: true, fieldName: 'to_store_id', deleteRule: 'restrict' })
  toStoreId!: string;

  @Field(() => ID, { description: 'Who made it.' })
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'restrict' })
  userId!: string;

  @Field(() => String, { nullable: true, description: 'The note given with the step.' })
  @Property({ type: 'string', length: 500, nullable: true })
  note: string | null = null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'For a receipt: whether it closed the transfer (the rest recorded as lost).',
  })
  @Property({ type: 'boolean', nullable: true })
  complete: boolean | null = null;

  @Field(() => [TransferReceiptLine], {
    description: 'For a receipt: what it recorded per line (empty for the other steps).',
  })
  @Property({ type: 'json', default: '[]' })
  lines: TransferReceiptLine[] = [];

  @Field(() => GraphQLISODateTime, { description: 'When it was made, at the store that made it.' })
  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
