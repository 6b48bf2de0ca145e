/**
 * Sales: the till's write path, voids, the reads, and HQ's recording of the sales a store pushed.
 */
export * from './sale.service.js';
