/**
 * The page's place lives in the URL's hash (`#/jobs?job=...`), so views can be bookmarked and
 * shared, the back button works, and no page path can clash with an API path on the server.
 */
import { useCallback, useEffect, useState } from 'react';

export type PageName = 'overview' | 'day' | 'jobs';

export interface Route {
  page: PageName;
  params: URLSearchParams;
}

const PATHS: Record<string, PageName> = { '': 'overview', '/': 'overview', '/day': 'day', '/jobs': 'jobs' };

export function parseHash(hash: string): Route {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const [path = '', query = ''] = text.split('?', 2);
  return { page: PATHS[path] ?? 'overview', params: new URLSearchParams(query) };
}

const PAGE_PATHS: Record<PageName, string> = { overview: '/', day: '/day', jobs: '/jobs' };

/** `#/day?model=a&date=b`; empty values are left out. */
export function hrefFor(page: PageName, params: Record<string, string | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return `#${PAGE_PATHS[page]}${text === '' ? '' : `?${text}`}`;
}

export function useRoute(): [Route, (href: string) => void] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((href: string) => {
    if (window.location.hash === href) setRoute(parseHash(href));
    else window.location.hash = href;
  }, []);
  return [route, navigate];
}
