import type { TablePaginationConfig } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Page } from './api';

/** A query parameter as a filter holds it: strings are trimmed, and empty, null and undefined are left out. */
type Param = string | number | boolean | null | undefined;

export interface PagedListOptions<F> {
  /** the filters the page opens with */
  initial: F;
  pageSize?: number;
  /** the filters as query parameters; by default the filters themselves */
  query?: (filters: F) => Record<string, Param>;
  /** the message shown for a failed load (undefined: none, e.g. the form shows the API's 400 under its fields); by default the error's message */
  onError?: (err: unknown) => string | undefined;
}

export interface PagedList<T, F> {
  filters: F;
  /** new filters (a search): back to the first page */
  search(filters: F): void;
  page: number;
  setPage(page: number): void;
  /** the page of the current filters and page number; undefined while it is on its way */
  data?: Page<T>;
  error?: string;
  /** nothing to show yet for the current filters and page, and no failure */
  loading: boolean;
  /** asks for the same page again (a refresh): what is shown stays until the answer */
  reload(): void;
  /** changes rows in place (the API answered an action on one) */
  mapItems(fn: (item: T) => T): void;
  setError(error: string | undefined): void;
  /** the antd Table's pagination for this list */
  pagination: TablePaginationConfig;
}

interface Loaded<T> {
  url: string;
  data?: Page<T>;
  error?: string;
  failed?: boolean;
}

/**
 * A list the API pages (`?page=&pageSize=`, answering Page<T>), searched by filters. An answer is
 * kept with the URL it answers: new filters or another page show nothing old while the new one is
 * on its way, and an answer to an earlier request is dropped. A page past the end (rows gone
 * meanwhile) moves to the last page that has some.
 */
export function usePagedList<T, F extends object>(path: string, { initial, pageSize = 20, query, onError }: PagedListOptions<F>): PagedList<T, F> {
  const [filters, setFilters] = useState<F>(initial);
  const [page, setPage] = useState(1);
  const [loaded, setLoaded] = useState<Loaded<T>>();
  const [round, setRound] = useState(0);
  const failure = useRef(onError);
  failure.current = onError;

  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  for (const [key, value] of Object.entries(query ? query(filters) : (filters as Record<string, Param>))) {
    const text = typeof value === 'string' ? value.trim() : value == null ? '' : String(value);
    if (text) params.set(key, text);
  }
  const url = `${path}?${params.toString()}`;

  useEffect(() => {
    let current = true;
    api<Page<T>>(url).then(
      (p) => {
        if (!current) return;
        if (!p.items.length && page > 1) setPage(Math.max(1, Math.ceil(p.total / pageSize)));
        setLoaded({ url, data: p });
      },
      (err: unknown) => {
        if (!current) return;
        setLoaded({ url, error: failure.current ? failure.current(err) : err instanceof Error ? err.message : String(err), failed: true });
      },
    );
    return () => {
      current = false;
    };
  }, [url, round, page, pageSize]);

  const mine = loaded?.url === url ? loaded : undefined;
  const search = useCallback((next: F) => {
    setFilters(next);
    setPage(1);
  }, []);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const mapItems = useCallback((fn: (item: T) => T) => setLoaded((l) => l?.data && { ...l, data: { ...l.data, items: l.data.items.map(fn) } }), []);
  const setError = useCallback((error: string | undefined) => setLoaded((l) => l && { ...l, error }), []);
  return {
    filters,
    search,
    page,
    setPage,
    data: mine?.data,
    error: mine?.error,
    loading: !mine?.data && !mine?.failed,
    reload,
    mapItems,
    setError,
    pagination: { current: page, pageSize, total: mine?.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true },
  };
}
