import { type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

/**
 * Columns every synced row carries: an application-made, time-ordered UUID (so stores can create rows
 * offline), timestamps, and a version bumped on every update (optimistic locking and sync ordering).
 */
@ObjectType()
export abstract class BaseEntity {
  @Field(() => ID, { description: 'Identifier (UUID v7).' })
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Field(() => GraphQLISODateTime, { description: 'When the row was created.' })
  @Property({ type: 'timestamptz' })
  createdAt: Opt<Date> = new Date();

  @Field(() => GraphQLISODateTime, { description: 'When the row last changed.' })
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  @Field(() => Int, { description: 'Row version, incremented on every change.' })
  @Property({ type: 'integer', version: true })
  version: Opt<number> = 1;
}
