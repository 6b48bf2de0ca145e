import { Transfer } from '../../entities/transfer.entity.js';
import { PageOf } from '../page.js';

export const TransferPage = PageOf(Transfer, 'Transfer');
