/** The bar on every page: the arena's name, where to go, which market it shows, and the server's mode. */
import type { MouseEvent } from 'react';
import type { PageName } from '../lib/route.js';
import { useDeployment } from './Deployment.js';
import { useMarket } from './Market.js';
import { MarketSwitch } from './MarketSwitch.js';

const PAGES: { page: PageName; label: string }[] = [
  { page: 'overview', label: 'Leaderboard' },
  { page: 'day', label: 'Model-day' },
  { page: 'jobs', label: 'Jobs' },
];

export function Header(props: {
  current: PageName;
  params: URLSearchParams;
  navigate: (href: string) => void;
}) {
  const { current, params, navigate } = props;
  const { href } = useMarket();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        AI-Trader arena
      </div>
      <nav aria-label="Pages">
        <ul>
          {PAGES.map(({ page, label }) => (
            <li key={page}>
              <a href={href(page)} aria-current={page === current ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <MarketSwitch page={current} params={params} navigate={navigate} />
      <ModeBadge />
    </header>
  );
}

function ModeBadge() {
  const { health } = useDeployment();
  if (health === null) return null;
  return health.is_dev_mode ? (
    <span
      className="badge badge-synthetic mode"
      data-testid="mode-badge"
      title="Mock models on synthetic prices"
    >
      DEV mode · synthetic prices
    </span>
  ) : (
    <span className="badge mode" data-testid="mode-badge">
      PROD
    </span>
  );
}

/** The hash holds the route, so the skip link moves focus itself instead of changing the hash. */
function skipToMain(event: MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
