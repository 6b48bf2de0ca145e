import { ArgsType, Field } from 'type-graphql';
import { UUID } from '../scalars.js';

/** A single `id` argument (`:id` in REST paths). */
@ArgsType()
export class IdArgs {
  @Field(() => UUID, { description: 'Identifier (UUID).' })
  id!: string;
}
