/**
 * Under the leaderboard: how its intervals and verdicts were drawn, every pair of models tested on
 * the sessions they share (said plainly when they cannot be told apart), and what the evidence cost.
 */
import type { LeaderboardResponse } from '../api/types.js';
import { formatCost, formatCount } from '../lib/format.js';
import { formatP, verdictOf } from '../lib/evidence.js';

export function EvidencePanel({ board }: { board: LeaderboardResponse }) {
  const evidence = board.evidence;
  if (evidence === undefined) return null;
  const methods = [
    ...new Set(board.entries.flatMap((e) => (e.evidence ? [e.evidence.interval_method] : []))),
  ];
  const runs = [...new Set(board.entries.flatMap((e) => (e.evidence ? [e.evidence.runs] : [])))];
  const { cost } = evidence;
  return (
    <section className="evidence" data-testid="evidence" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence</h2>
      <p data-testid="evidence-method">
        95% intervals: {methods.join(' / ') || 'none'} (runs per model: {runs.join(', ') || '—'}; seed{' '}
        {evidence.seed}, {formatCount(evidence.bootstrap_resamples)} resamples). Tests: paired sign-flip
        permutation test on session returns, distinguishable at p ≤ {evidence.significance}; fewer than{' '}
        {evidence.min_sessions} paired sessions are too few to tell.
      </p>
      {evidence.comparisons.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Models compared pairwise">
          <table className="comparisons" data-testid="comparisons">
            <caption className="visually-hidden">
              Every pair of models, tested on the sessions both traded
            </caption>
            <thead>
              <tr>
                <th scope="col">Models</th>
                <th scope="col" className="num">
                  Sessions
                </th>
                <th scope="col" className="num">
                  p-value
                </th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {evidence.comparisons.map((pair) => {
                const verdict = verdictOf(pair, pair.model_b);
                return (
                  <tr key={`${pair.model_a}|${pair.model_b}`} data-pair={`${pair.model_a}|${pair.model_b}`}>
                    <th scope="row">
                      {pair.model_a} vs {pair.model_b}
                    </th>
                    <td className="num">{pair.sessions}</td>
                    <td className="num">{formatP(pair.p_value)}</td>
                    <td className={verdict.tone} title={verdict.title} data-field="verdict">
                      {verdict.tone === '' ? verdict.text : `${pair.model_a} ${verdict.text.toLowerCase()}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p data-testid="evidence-cost">
        Cost of this evidence: {formatCount(cost.model_days)} model-days, {formatCount(cost.prompt_tokens)}{' '}
        prompt + {formatCount(cost.completion_tokens)} completion tokens, {formatCost(cost.cost_usd)}.
      </p>
    </section>
  );
}
