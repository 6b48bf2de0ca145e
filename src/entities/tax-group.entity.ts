import { Entity, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';

/** A named set of tax rates applied to products. Its rates and routes arrive with the taxes domain. */
@ObjectType({ description: 'A named set of tax rates applied to a product.' })
@Entity({ tableName: 'tax_group' })
export class TaxGroup extends BaseEntity {
  @Field(() => String, { description: 'Display name.' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
