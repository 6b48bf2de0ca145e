import type { AuthUser } from '../core/context.js';
import type { Grant } from './grants.js';

/** A signed-in caller's identity and permissions, as a request context carries them. */
export interface CallerSession {
  user: AuthUser;
  /** Every permission the user holds, with where: a store's own data is checked on them (`holds`). */
  grants: readonly Grant[];
  /** Held at the store the caller acts for (or at every store). */
  permissions: ReadonlySet<string>;
  /** Held at every store. */
  chainPermissions: ReadonlySet<string>;
}

interface Entry extends CallerSession {
  expires: number;
}

/**
 * Caches a user's identity, grants and effective permissions per store for a few seconds, so the till's hot
 * path does not query roles on every request. Cleared on every change to users or roles; the TTL bounds
 * staleness when another instance made the change.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every clear: a lookup that started before a change must not store what it read. */
  private generation = 0;

  constructor(private readonly ttlMs = 10_000) {}

  get(userId: string, storeId: string | undefined): Entry | undefined {
    const key = `${userId}:${storeId ?? ''}`;
    const entry = this.entries.get(key);
    if (entry && entry.expires > Date.now()) return entry;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  /** The generation to hand back to `set` when the database read is done. */
  currentGeneration(): number {
    return this.generation;
  }

  set(userId: string, storeId: string | undefined, session: CallerSession, readAtGeneration: number): void {
    if (readAtGeneration !== this.generation) return;
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(`${userId}:${storeId ?? ''}`, { ...session, expires: Date.now() + this.ttlMs });
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
