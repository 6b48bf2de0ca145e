import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { MAX_PAGE_SIZE } from '../services/core/index.js';

/** `page` (from 1) and `pageSize` (default 20, at most 100) of every paginated list. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page number, from 1 (default 1).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  page?: number;

  @Field(() => Int, { nullable: true, description: `Rows per page (default 20, at most ${MAX_PAGE_SIZE}).` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

/** The types `PageOf` built: other types may end in "Page" too (`SyncPullPage` is a cursor page). */
const pageTypeNames = new Set<string>();

/** Builds the `<Name>Page` GraphQL type: the items of one page and the totals. */
export function PageOf<T extends object>(item: ClassType<T>, name: string) {
  pageTypeNames.add(`${name}Page`);
  @ObjectType(`${name}Page`, { description: `One page of ${name} rows.` })
  class Page {
    @Field(() => [item], { description: 'Rows of this page.' })
    items!: T[];

    @Field(() => Int, { description: 'Rows matching the filter, over all pages.' })
    total!: number;

    @Field(() => Int, { description: 'This page number, from 1.' })
    page!: number;

    @Field(() => Int, { description: 'Rows per page.' })
    pageSize!: number;
  }
  return Page;
}

/** Names of the GraphQL page types: REST flattens these into `data` + `total, page, pageSize`. */
export function isPageTypeName(name: string): boolean {
  return pageTypeNames.has(name);
}
