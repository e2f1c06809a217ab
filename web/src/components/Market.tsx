/**
 * The market the dashboard shows (lib/market.ts): the URL's, else the server's. Pages read it to
 * ask the API for that market's results; links made here keep a market the URL names.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { marketInUrl, shownMarket, type MarketId } from '../lib/market.js';
import { hrefFor, type PageName } from '../lib/route.js';
import { useDeployment } from './Deployment.js';

export interface MarketInfo {
  /** The market the URL names; null lets the API answer the server's, as it does for any client. */
  fromUrl: MarketId | null;
  /** What the page shows: `fromUrl`, else the server's; null until /health has answered. */
  shown: MarketId | null;
  /** A link to a page that keeps the URL's market. */
  href: (page: PageName, params?: Record<string, string | null | undefined>) => string;
}

const MarketContext = createContext<MarketInfo>({ fromUrl: null, shown: null, href: hrefFor });

export function MarketProvider({ params, children }: { params: URLSearchParams; children: ReactNode }) {
  const { health } = useDeployment();
  const fromUrl = marketInUrl(params);
  const serverMarket = health?.market ?? null;
  // Stable while the market stays, so pages' callbacks built on `href` do not change every render.
  const value = useMemo(
    (): MarketInfo => ({
      fromUrl,
      shown: shownMarket(fromUrl, serverMarket),
      href: (page, linkParams = {}) =>
        hrefFor(page, { ...linkParams, market: linkParams['market'] ?? fromUrl }),
    }),
    [fromUrl, serverMarket],
  );
  return <MarketContext.Provider value={value}>{children}</MarketContext.Provider>;
}

export const useMarket = (): MarketInfo => useContext(MarketContext);
