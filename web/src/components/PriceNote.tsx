/** The label on everything priced: synthetic prices (DEV mode, or a synthetic benchmark) say so. */
import { useDeployment } from './Deployment.js';

export const SYNTHETIC_PRICES_TEXT = 'Synthetic prices: a seeded random walk (DEV mode), not market data.';

export function PriceNote() {
  const { devMode } = useDeployment();
  if (!devMode) return null;
  return (
    <p className="price-note" data-testid="synthetic-label">
      <span className="badge badge-synthetic">Synthetic</span> {SYNTHETIC_PRICES_TEXT}
    </p>
  );
}

/** A short inline tag for a single price, e.g. in a trades table header. */
export function SyntheticTag() {
  const { devMode } = useDeployment();
  if (!devMode) return null;
  return (
    <span className="badge badge-synthetic" title={SYNTHETIC_PRICES_TEXT}>
      synthetic
    </span>
  );
}
