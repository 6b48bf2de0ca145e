/** A page request: `page` counts from 1; `pageSize` defaults to 20, at most 100. */
export interface PageRequest {
  page?: number | null;
  pageSize?: number | null;
}

/** One page of results with the totals REST puts beside `data`. */
export interface PageResult<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Limit/offset of a page request (validated at the schema layer). */
export function pageWindow(req: PageRequest): {
  page: number;
  pageSize: number;
  limit: number;
  offset: number;
} {
  const page = req.page ?? 1;
  const pageSize = req.pageSize ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

/** Escapes LIKE wildcards in user input. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
