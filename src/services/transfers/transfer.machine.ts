import { TransferStatus } from '../../entities/transfer.entity.js';
import { defineStateMachine } from '../core/state-machine.js';

/**
 * A transfer's lifecycle. Sending moves the stock out of the source; receipts add up per line (another
 * partial receipt keeps it PARTIALLY_RECEIVED); the closing receipt makes it RECEIVED. Cancelling is for a
 * transfer nothing of which has arrived: once a receipt is recorded, the way out is to finish the receipt.
 */
export const transferMachine = defineStateMachine<TransferStatus>('transfer', {
  [TransferStatus.PENDING]: [TransferStatus.IN_TRANSIT, TransferStatus.CANCELLED],
  [TransferStatus.IN_TRANSIT]: [
    TransferStatus.PARTIALLY_RECEIVED,
    TransferStatus.RECEIVED,
    TransferStatus.CANCELLED,
  ],
  [TransferStatus.PARTIALLY_RECEIVED]: [TransferStatus.PARTIALLY_RECEIVED, TransferStatus.RECEIVED],
  [TransferStatus.RECEIVED]: [],
  [TransferStatus.CANCELLED]: [],
});
