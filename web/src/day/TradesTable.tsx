/** The day's fills: every buy and sell at the open, with its price and amount. */
import type { DayResult } from '../api/types.js';
import { SyntheticTag } from '../components/PriceNote.js';
import { formatCount, formatMoney, formatTimestamp } from '../lib/format.js';

export function TradesTable({ trades }: { trades: DayResult['trades'] }) {
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
                  Shares
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
                  <td className="num">{formatCount(trade.quantity)}</td>
                  <td className="num">{formatMoney(trade.price)}</td>
                  <td className="num">{formatMoney(trade.price * trade.quantity)}</td>
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
