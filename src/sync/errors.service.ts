import type { RequestContext } from '../services/context.js';
import type { PageResult } from '../services/pagination.js';
import type { SyncError } from '../schema/types/sync.types.js';

/* (Being written.) */
export async function listSyncErrors(
  _ctx: RequestContext,
  _filter: {
    storeId?: string | null;
    status?: string | null;
    page?: number | null;
    pageSize?: number | null;
  },
): Promise<PageResult<SyncError>> {
  throw new Error('not implemented yet');
}
export async function getSyncError(_ctx: RequestContext, _id: string): Promise<SyncError> {
  throw new Error('not implemented yet');
}
export async function retrySyncError(_ctx: RequestContext, _id: string): Promise<SyncError> {
  throw new Error('not implemented yet');
}
export async function resolveSyncError(
  _ctx: RequestContext,
  _id: string,
  _note: string | null,
): Promise<SyncError> {
  throw new Error('not implemented yet');
}
export async function retryAllSyncErrors(
  _ctx: RequestContext,
  _storeId: string | null,
): Promise<{ retried: number; applied: number; stillFailing: number }> {
  throw new Error('not implemented yet');
}
