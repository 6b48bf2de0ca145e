import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../../entities/user.entity.js';
import type { CallerProfile, Session } from '../../services/auth/index.js';
import type { PermissionEntry } from '../../services/people/index.js';

@ObjectType({ description: 'Tokens and identity returned by a login or a refresh.' })
export class LoginResult implements Session {
  @Field(() => String, { description: 'Bearer token for API calls; valid 15 minutes.' })
  accessToken!: string;

  @Field(() => String, { description: 'Single-use token for POST /auth/refresh; rotated on every use.' })
  refreshToken!: string;

  @Field(() => User, { description: 'The signed-in user.' })
  user!: User;

  @Field(() => [String], { description: 'Effective permissions at the session store.' })
  permissions!: string[];
}

@ObjectType({ description: 'The caller and their effective permissions.' })
export class MeResult implements CallerProfile {
  @Field(() => User, { description: 'The signed-in user.' })
  user!: User;

  @Field(() => [String], { description: 'Effective permissions at the current store.' })
  permissions!: string[];

  @Field(() => ID, { nullable: true, description: 'The store the session acts for, if any.' })
  storeId?: string;
}

@ObjectType({ description: 'A permission the server knows.' })
export class PermissionInfo implements PermissionEntry {
  @Field(() => String, { description: 'Permission string, e.g. products.view.' })
  name!: string;

  @Field(() => String, { description: 'What it allows.' })
  description!: string;
}
