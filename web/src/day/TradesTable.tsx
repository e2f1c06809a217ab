/** The day's fills: every buy and sell at the open, with its price and amount. */
import type { DayResult } from '../api/types.js';
import { SyntheticTag } from '../components/PriceNote.js';
import { formatTimestamp } from '../lib/format.js';
import { formatQuantity } from '../lib/market.js';

/** `money` writes prices and amounts in the market's currency; quantities are shown as they are. */
export function TradesTable(props: { trades: DayResult['trades']; money: (value: number) => string }) {
  const { trades, money } = props;
  return (
    <section className="card" aria-labelledby="trades-heading">
      <h3 id="trades-heading">
        Trades ({trades.length}) <SyntheticTag />
      </h3>
      {trades.length === 0 ? (
        <p className="muted">No trades this day.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Trades (scrolls sideways)">
          <table data-testid="trades">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Symbol</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col" className="num">
                  Fill price
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">At</th>
              </tr>
            </thead>
            <tbody>
              {trades.map((trade, index) => (
                <tr key={`${trade.created_at}-${index}`} data-trade={`${trade.action_type} ${trade.symbol}`}>
                  <td>
                    <span className={`badge badge-${trade.action_type}`}>{trade.action_type}</span>
                  </td>
                  <th scope="row">{trade.symbol}</th>
                  <td className="num">{formatQuantity(trade.quantity)}</td>
                  <td className="num">{money(trade.price)}</td>
                  <td className="num">{money(trade.price * trade.quantity)}</td>
                  <td>{formatTimestamp(trade.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
