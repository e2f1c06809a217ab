/** A position: cash, the shares held, and what it was all worth. */
import type { DayResult } from '../api/types.js';
import { formatCount, formatMoney } from '../lib/format.js';

type Position = DayResult['starting_position'];

export function PositionTable({
  title,
  position,
  testId,
}: {
  title: string;
  position: Position;
  testId: string;
}) {
  return (
    <section className="card" aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      <dl className="stats">
        <div>
          <dt>Value</dt>
          <dd>{formatMoney(position.portfolio_value)}</dd>
        </div>
        <div>
          <dt>Cash</dt>
          <dd>{formatMoney(position.cash)}</dd>
        </div>
      </dl>
      {position.holdings.length === 0 ? (
        <p className="muted">No shares held.</p>
      ) : (
        <table className="compact">
          <caption className="visually-hidden">{title}: holdings</caption>
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">
                Shares
              </th>
            </tr>
          </thead>
          <tbody>
            {position.holdings.map((holding) => (
              <tr key={holding.symbol}>
                <th scope="row">{holding.symbol}</th>
                <td className="num">{formatCount(holding.quantity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
