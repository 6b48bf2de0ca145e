import { Entity, Property, type Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';

/** A shop of the chain. */
@ObjectType({ description: 'A shop of the chain.' })
@Entity({ tableName: 'store' })
export class Store extends BaseEntity {
  @Field(() => String, { description: 'Short code, unique and fixed at creation.' })
  @Property({ type: 'string', length: 20, unique: 'store_code_unique' })
  code!: string;

  @Field(() => String, { description: 'Display name.' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Postal address.' })
  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  @Property({ type: 'string', length: 40, nullable: true })
  phone: string | null = null;

  @Field(() => String, { description: 'IANA time zone, e.g. America/New_York.' })
  @Property({ type: 'string', length: 64 })
  timezone!: string;

  @Field(() => Boolean, { description: 'Inactive stores cannot trade.' })
  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;
}
