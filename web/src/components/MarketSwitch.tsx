/**
 * Choosing the market: a hash change, so the page stays (no reload) and asks the API again for the
 * chosen market's leaderboard, charts, trades and days.
 */
import { MARKET_CHOICES, paramsForMarket, type MarketId } from '../lib/market.js';
import { hrefFor, type PageName } from '../lib/route.js';
import { useMarket } from './Market.js';

export function MarketSwitch(props: {
  page: PageName;
  params: URLSearchParams;
  navigate: (href: string) => void;
}) {
  const { page, params, navigate } = props;
  const { shown } = useMarket();
  return (
    <div className="market-switch">
      <label htmlFor="market-switch">Market</label>{' '}
      <select
        id="market-switch"
        data-testid="market-switch"
        value={shown ?? ''}
        onChange={(e) => navigate(hrefFor(page, paramsForMarket(params, e.target.value as MarketId)))}
      >
        {shown === null && <option value="">…</option>}
        {MARKET_CHOICES.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
