import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType, registerEnumType } from 'type-graphql';
import { TransferStatus } from '../../entities/transfer.entity.js';
import { MAX_DOCUMENT_LINES } from '../../services/core/index.js';
import { TransferDirection } from '../../services/transfers/index.js';
import { PageArgs } from '../page.js';
import { SafeInt, UUID } from '../scalars.js';
import { Quantity } from '../validators.js';

registerEnumType(TransferDirection, {
  name: 'TransferDirection',
  description: 'Which way a transfer goes, seen from the store listed.',
  valuesConfig: {
    OUTGOING: { description: 'From the store (it is the source).' },
    INCOMING: { description: 'To the store (it is the destination).' },
  },
});

@ArgsType()
export class TransferListArgs extends PageArgs {
  @Field(() => UUID, {
    nullable: true,
    description:
      "Only transfers from or to this store (REST: `store_id`); default the caller's store, else every store (which needs transfers.view at every store).",
  })
  storeId?: string;

  @Field(() => TransferDirection, {
    nullable: true,
    description: 'Only those leaving (OUTGOING) or coming to (INCOMING) the store listed; needs a store.',
  })
  direction?: TransferDirection;

  @Field(() => TransferStatus, { nullable: true, description: 'Only transfers in this state.' })
  status?: TransferStatus;
}

@ArgsType()
export class TransferArgs {
  @Field(() => UUID, { description: 'The transfer.' })
  id!: string;
}

@InputType({ description: 'A product to transfer and how much of it.' })
export class TransferItemInput {
  @Field(() => UUID, { description: 'The product (active; each product once per transfer).' })
  productId!: string;

  @Field(() => SafeInt, { description: 'Quantity to send, in thousandths, above 0.' })
  @Quantity(1)
  quantity!: number;
}

@ArgsType()
export class CreateTransferArgs {
  @Field(() => UUID, {
    nullable: true,
    description:
      "The source: where the stock leaves; default the caller's store. A store server creates transfers only from its own store; HQ for stores without a server of their own.",
  })
  fromStoreId?: string | null;

  @Field(() => UUID, { description: 'The destination: another active store.' })
  toStoreId!: string;

  @Field(() => String, { nullable: true, description: 'Free notes, at most 1000 characters.' })
  @IsOptional()
  @Length(0, 1000)
  notes?: string | null;

  @Field(() => [TransferItemInput], { description: `The lines (1 to ${MAX_DOCUMENT_LINES}).` })
  @ArrayMinSize(1, { message: 'items must name at least one product' })
  @ArrayMaxSize(MAX_DOCUMENT_LINES)
  @ValidateNested({ each: true })
  items!: TransferItemInput[];
}

@ArgsType()
export class TransferStepArgs {
  @Field(() => UUID, { description: 'The transfer.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'A note kept with the step, at most 500 characters.' })
  @IsOptional()
  @Length(0, 500)
  note?: string | null;
}

@InputType({ description: 'What arrived of one line of the transfer, in thousandths.' })
export class TransferReceiptItemInput {
  @Field(() => UUID, { description: 'The transfer line (an item id of the transfer).' })
  itemId!: string;

  @Field(() => SafeInt, { description: 'Received into stock, in thousandths (0 or more).' })
  @Quantity(0)
  quantityReceived!: number;

  @Field(() => SafeInt, {
    nullable: true,
    description: 'Arrived damaged, in thousandths (default 0): recorded on the line, never into stock.',
  })
  @IsOptional()
  @Quantity(0)
  quantityDamaged?: number | null;
}

@ArgsType()
export class ReceiveTransferArgs extends TransferStepArgs {
  @Field(() => [TransferReceiptItemInput], {
    description:
      'What arrived, per line (each line at most once): received and damaged, adding up over receipts to at most what was sent. May be empty when `complete` closes the transfer.',
  })
  @ArrayMaxSize(MAX_DOCUMENT_LINES)
  @ValidateNested({ each: true })
  items!: TransferReceiptItemInput[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether this receipt closes the transfer (default true): what is then neither received nor damaged is recorded as lost in transit. false leaves it PARTIALLY_RECEIVED.',
  })
  complete?: boolean | null;
}
