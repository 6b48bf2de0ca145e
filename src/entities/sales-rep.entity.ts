import { Entity, Property, type Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';

/**
 * A sales representative credited with sales (commission reports). The code is unique for ever, deleted
 * reps included, so that a report never mixes two people under one code.
 */
@ObjectType({ description: 'A sales representative credited with sales.' })
@Entity({ tableName: 'sales_rep' })
export class SalesRep extends BaseEntity {
  @Field(() => String, { description: 'Short code, unique and fixed at creation.' })
  @Property({ type: 'string', length: 30, unique: 'sales_rep_code_unique' })
  code!: string;

  @Field(() => String, { description: 'First name.' })
  @Property({ type: 'string', length: 100 })
  firstName!: string;

  @Field(() => String, { description: 'Last name.' })
  @Property({ type: 'string', length: 100 })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  @Property({ type: 'string', length: 40, nullable: true })
  phone: string | null = null;

  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  @Field(() => Boolean, { description: 'Inactive reps cannot be credited with new sales.' })
  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;

  /** Soft delete: sales keep pointing at the rep; hidden from every list. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
