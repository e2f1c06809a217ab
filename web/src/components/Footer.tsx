/** Credits: the charts are TradingView Lightweight Charts, whose licence asks for this notice and link. */
export function Footer() {
  return (
    <footer className="site-footer">
      <p>
        Charts by{' '}
        <a href="https://www.tradingview.com/" target="_blank" rel="noopener noreferrer">
          TradingView Lightweight Charts™
        </a>{' '}
        — Copyright (c) 2026 TradingView, Inc. · API: <a href="/docs">/docs</a> ·{' '}
        <a href="/openapi.json">OpenAPI</a>
      </p>
    </footer>
  );
}
