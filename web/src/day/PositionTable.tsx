/** A position: cash, what was held (shares, or coins to 4 decimals), and what it was all worth. */
import type { DayResult } from '../api/types.js';
import { formatQuantity } from '../lib/market.js';

type Position = DayResult['starting_position'];

export function PositionTable({
  title,
  position,
  money,
  testId,
}: {
  title: string;
  position: Position;
  /** In the market's currency. */
  money: (value: number) => string;
  testId: string;
}) {
  return (
    <section className="card" aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      <dl className="stats">
        <div>
          <dt>Value</dt>
          <dd>{money(position.portfolio_value)}</dd>
        </div>
        <div>
          <dt>Cash</dt>
          <dd>{money(position.cash)}</dd>
        </div>
      </dl>
      {position.holdings.length === 0 ? (
        <p className="muted">Nothing held.</p>
      ) : (
        <table className="compact">
          <caption className="visually-hidden">{title}: holdings</caption>
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">
                Quantity
              </th>
            </tr>
          </thead>
          <tbody>
            {position.holdings.map((holding) => (
              <tr key={holding.symbol}>
                <th scope="row">{holding.symbol}</th>
                <td className="num">{formatQuantity(holding.quantity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
