import { Entity, Index, ManyToOne, Property, type Ref, type Opt, PrimaryKey } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { User } from './user.entity.js';

/**
 * A refresh token, stored as a SHA-256 of the random value. Tokens rotate on every use; all tokens
 * descending from one login share a `familyId`, so reuse of a spent token revokes the whole family.
 */
@Entity({ tableName: 'refresh_token' })
@Index({ name: 'refresh_token_family', properties: ['familyId'] })
export class RefreshToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Index({ name: 'refresh_token_user_idx' })
  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'string', length: 64, unique: 'refresh_token_hash_unique' })
  tokenHash!: string;

  @Property({ type: 'uuid' })
  familyId!: string;

  /** Store the session was opened for (carries the login's store context to refreshed tokens). */
  @Property({ type: 'uuid', nullable: true })
  storeId: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
