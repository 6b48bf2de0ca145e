import {
  Collection,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  Property,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { Store } from './store.entity.js';
import { TransferItem } from './transfer-item.entity.js';
import { TransferStep } from './transfer-step.entity.js';
import { User } from './user.entity.js';

/** Where a transfer stands; it follows from its steps (`services/transfers/transfer.machine.ts`). */
export enum TransferStatus {
  PENDING = 'PENDING',
  IN_TRANSIT = 'IN_TRANSIT',
  PARTIALLY_RECEIVED = 'PARTIALLY_RECEIVED',
  RECEIVED = 'RECEIVED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TransferStatus, {
  name: 'TransferStatus',
  description: 'Where a transfer between two stores stands.',
  valuesConfig: {
    PENDING: { description: 'Created at the source; nothing has moved yet.' },
    IN_TRANSIT: {
      description: 'Sent: the stock has left the source and is incoming at the destination, not sellable.',
    },
    PARTIALLY_RECEIVED: { description: 'Part of what was sent has been received (or found damaged).' },
    RECEIVED: {
      description: 'Closed by the last receipt: what was neither received nor damaged is recorded as lost.',
    },
    CANCELLED: {
      description: 'Cancelled before any receipt; stock that had been sent went back to the source.',
    },
  },
});

/**
 * A transfer of stock from one store to another: a document two stores act on, as a series of steps
 * (`TransferStep`), each made by the store that owns it (the source creates, sends and cancels; the
 * destination receives) and relayed to the other store through HQ. The lines keep the figures the steps
 * add up to; a step is never edited, a correction is a new document.
 */
@ObjectType({ description: 'A transfer of stock between two stores, with its lines and steps.' })
@Entity({ tableName: 'transfer' })
@Unique({ name: 'transfer_number_unique', properties: ['number'] })
@Unique({ name: 'transfer_from_serial_unique', properties: ['fromStoreId', 'serial'] })
@Index({ name: 'transfer_to_store_idx', properties: ['toStoreId', 'status'] })
export class Transfer extends BaseEntity {
  @Field(() => String, {
    description: "Its number, unique chain-wide: the source store's code and its counter (MAIN-T000001).",
  })
  @Property({ type: 'string', length: 40 })
  number!: string;

  /** The source store's counter behind `number` (made offline at the source's own server). */
  @Property({ type: 'integer' })
  serial!: number;

  @Field(() => ID, { description: 'The store the stock leaves (the source).' })
  @ManyToOne(() => Store, { mapToPk: true, fieldName: 'from_store_id', deleteRule: 'restrict' })
  fromStoreId!: string;

  @Field(() => ID, { description: 'The store the stock goes to (the destination).' })
  @ManyToOne(() => Store, { mapToPk: true, fieldName: 'to_store_id', deleteRule: 'restrict' })
  toStoreId!: string;

  @Field(() => TransferStatus, { description: 'Where it stands.' })
  @Enum({ items: () => TransferStatus, nativeEnumName: 'transfer_status', default: 'PENDING' })
  status: Opt<TransferStatus> = TransferStatus.PENDING;

  @Field(() => String, { nullable: true, description: 'Notes given when it was created.' })
  @Property({ type: 'string', length: 1000, nullable: true })
  notes: string | null = null;

  @Field(() => ID, { description: 'Who created it.' })
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'created_by_id', deleteRule: 'restrict' })
  createdById!: string;

  @Field(() => [TransferItem], { description: 'Its lines, in order.' })
  @OneToMany(() => TransferItem, (item) => item.transfer, { orderBy: { lineNumber: 'asc' } })
  items = new Collection<TransferItem>(this);

  @Field(() => [TransferStep], { description: 'Every step, oldest first, with who and when.' })
  @OneToMany(() => TransferStep, (step) => step.transfer, { orderBy: { createdAt: 'asc', id: 'asc' } })
  steps = new Collection<TransferStep>(this);
}
