import type { RestPagination, RestSourceSettings } from '../sources-config/source-types';
import { nextLink } from './link-header';

/** What one page told us, enough to find the next one. */
export interface PageSeen {
  url: URL;
  body: unknown;
  records: number;
  linkHeader: string | null;
}

/** The records of a page body: `body[itemsField]`, or the body itself when no field is configured. */
export function pageItems(body: unknown, itemsField: string | undefined): unknown[] | undefined {
  const items = itemsField === undefined ? body : (body as Record<string, unknown> | null)?.[itemsField];
  return Array.isArray(items) ? items : undefined;
}

/** The first page's URL: the configured URL plus paging parameters and the watermark. */
export function firstPageUrl(rest: RestSourceSettings, watermark: string | undefined): URL {
  const url = new URL(rest.url);
  const q = url.searchParams;
  const p = rest.pagination;
  if (p.type === 'cursor' && p.limitParam !== undefined && p.limit !== undefined) q.set(p.limitParam, String(p.limit));
  if (p.type === 'page') {
    q.set(p.pageParam, '1');
    if (p.perPageParam !== undefined && p.perPage !== undefined) q.set(p.perPageParam, String(p.perPage));
  }
  if (p.type === 'offset') {
    q.set(p.offsetParam, '0');
    q.set(p.limitParam, String(p.limit));
  }
  if (rest.incremental && watermark !== undefined) q.set(rest.incremental.param, watermark);
  return url;
}

function withParam(url: URL, name: string, value: string): URL {
  const next = new URL(url);
  next.searchParams.set(name, value);
  return next;
}

/**
 * The next page's URL, or undefined after the last page.
 * cursor: until the next-cursor field is null/empty; page: until a page is
 * empty or shorter than perPage (or than the per-page value in the URL);
 * offset: until empty, shorter than limit, or past total; link: until no rel="next".
 */
export function nextPageUrl(p: RestPagination, seen: PageSeen): URL | undefined {
  const { url, body, records } = seen;
  switch (p.type) {
    case 'cursor': {
      const cursor = (body as Record<string, unknown>)[p.nextCursorField];
      if (cursor === null || cursor === undefined || cursor === '') return undefined;
      return withParam(url, p.cursorParam, String(cursor));
    }
    case 'page': {
      if (records === 0) return undefined;
      const perPage = p.perPage ?? Number(p.perPageParam === undefined ? NaN : url.searchParams.get(p.perPageParam));
      if (Number.isFinite(perPage) && records < perPage) return undefined;
      const page = Number(url.searchParams.get(p.pageParam) ?? '1');
      return withParam(url, p.pageParam, String(page + 1));
    }
    case 'offset': {
      if (records === 0 || records < p.limit) return undefined;
      const offset = Number(url.searchParams.get(p.offsetParam) ?? '0') + records;
      const total = p.totalField === undefined ? undefined : (body as Record<string, unknown>)[p.totalField];
      if (typeof total === 'number' && offset >= total) return undefined;
      return withParam(url, p.offsetParam, String(offset));
    }
    case 'link':
      return nextLink(seen.linkHeader, url);
  }
}
