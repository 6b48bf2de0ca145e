import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Transfer } from '../entities/transfer.entity.js';
import type { PageResult, RequestContext } from '../services/core/index.js';
import * as transfers from '../services/transfers/index.js';
import { Allow } from '../schema/allow.js';
import {
  CreateTransferArgs,
  ReceiveTransferArgs,
  TransferArgs,
  TransferListArgs,
  TransferStepArgs,
} from '../schema/args/transfer.args.js';
import { TransferPage } from '../schema/types/transfer.types.js';

/**
 * Transfers of stock between stores. Each step is made at the store that owns it (the source creates,
 * sends and cancels; the destination receives), on its own server when it has one.
 */
@Resolver(() => Transfer)
export class TransferResolver {
  @Allow('transfers.view', { store: 'storeId', records: true })
  @Query(() => TransferPage, {
    description:
      'Transfers from or to a store (or every store), latest first, with lines and steps; paginated.',
  })
  transfers(@Ctx() ctx: RequestContext, @Args() args: TransferListArgs): Promise<PageResult<Transfer>> {
    return transfers.listTransfers(ctx, args);
  }

  @Allow('transfers.view')
  @Query(() => Transfer, {
    description: 'One transfer with its lines and steps; transfers.view at either of its stores.',
  })
  transfer(@Ctx() ctx: RequestContext, @Args() { id }: TransferArgs): Promise<Transfer> {
    return transfers.getTransfer(ctx, id);
  }

  @Allow('transfers.create', { store: 'fromStoreId', servedBy: 'store' })
  @Mutation(() => Transfer, {
    description:
      "Create a transfer (PENDING) from a store to another; nothing moves until it is sent. Its number is the source's code and counter (MAIN-T000001).",
  })
  createTransfer(@Ctx() ctx: RequestContext, @Args() args: CreateTransferArgs): Promise<Transfer> {
    return transfers.createTransfer(ctx, args);
  }

  @Allow('transfers.send', { servedBy: 'store' })
  @Mutation(() => Transfer, {
    description:
      'Send a PENDING transfer (at its source): the stock leaves the source now (TRANSFER_OUT) and is in transit, incoming at the destination.',
  })
  sendTransfer(@Ctx() ctx: RequestContext, @Args() { id, note }: TransferStepArgs): Promise<Transfer> {
    return transfers.sendTransfer(ctx, id, note);
  }

  @Allow('transfers.receive', { servedBy: 'store' })
  @Mutation(() => Transfer, {
    description:
      'Record a receipt of a transfer (at its destination): received units enter its stock (TRANSFER_IN), damaged ones never do; complete (the default) closes it and records the rest as lost.',
  })
  receiveTransfer(@Ctx() ctx: RequestContext, @Args() args: ReceiveTransferArgs): Promise<Transfer> {
    return transfers.receiveTransfer(ctx, args);
  }

  @Allow('transfers.create', { servedBy: 'store' })
  @Mutation(() => Transfer, {
    description:
      'Cancel a transfer (at its source) before any receipt: from PENDING nothing moved; from IN_TRANSIT the stock returns to the source (TRANSFER_RETURN).',
  })
  cancelTransfer(@Ctx() ctx: RequestContext, @Args() { id, note }: TransferStepArgs): Promise<Transfer> {
    return transfers.cancelTransfer(ctx, id, note);
  }
}
