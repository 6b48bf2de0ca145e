import type { RequestContext } from '../core/context.js';
import type { RefundInput } from './refund-input.js';

/** A tender a refund pays out in. */
export interface RefundTender {
  id: string;
  code: string;
  isCash: boolean;
  usable: boolean;
}

/** What a refund is checked against at the store making it (see `loadRefundContext`). */
export interface RefundContext {
  store: { code: string; isActive: boolean; hasServer: boolean } | null;
  existing: { id: string; digest: string } | null;
  sessionId: string | null;
  cashier: boolean | null;
  tenders: Map<string, RefundTender>;
}

const REFUND_CONTEXT_SQL = `select st.code, st.is_active,
       exists (select 1 from store_sync ss where ss.store_id = k.store_id and ss.token_hash is not null) as has_server,
       (select json_build_object('id', s.id, 'digest', s.request_digest) from sale s
         where s.store_id = k.store_id and s.terminal_id = k.terminal_id
           and s.receipt_number = k.receipt_number) as existing,
       (select r.id from register_session r
         where r.store_id = k.store_id and r.terminal_id = k.terminal_id and r.status = 'OPEN'
         for share) as session_id,
       (select u.is_active from app_user u where u.id = k.cashier_id) as cashier,
       (select json_agg(json_build_object('id', t.id, 'code', t.code, 'isCash', t.is_cash,
                                          'usable', t.is_active and t.deleted_at is null))
          from tender t where t.code in (select jsonb_array_elements_text(k.codes))) as tenders
     from (select ?::uuid as store_id, ?::text as terminal_id, ?::text as receipt_number,
                  ?::uuid as cashier_id, ?::jsonb as codes) k
     left join store st on st.id = k.store_id`;

/**
 * Reads, in one statement, what a refund is checked against at the store making it: the store, a sale or
 * refund already recorded under the key, the terminal's open session (share-locked, so that a close
 * waits for the refund), the cashier and the tenders named.
 */
export async function loadRefundContext(
  ctx: RequestContext,
  key: { storeId: string; terminalId: string; receiptNumber: string },
  input: RefundInput,
): Promise<RefundContext> {
  const [row] = await ctx.em.execute<
    Array<{
      code: string | null;
      is_active: boolean | null;
      has_server: boolean;
      existing: { id: string; digest: string } | null;
      session_id: string | null;
      cashier: boolean | null;
      tenders: RefundTender[] | null;
    }>
  >(REFUND_CONTEXT_SQL, [
    key.storeId,
    key.terminalId,
    key.receiptNumber,
    input.cashierId,
    JSON.stringify([...new Set(input.payments.map((p) => p.method))]),
  ]);
  return {
    store: row.code === null ? null : { code: row.code, isActive: row.is_active!, hasServer: row.has_server },
    existing: row.existing,
    sessionId: row.session_id,
    cashier: row.cashier,
    tenders: new Map((row.tenders ?? []).map((t) => [t.code, t])),
  };
}
