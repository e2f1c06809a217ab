import { describe, expect, it } from 'vitest';
import { buildSystemPrompt, FINISH_SIGNAL, PRICE_ROW_PATTERN } from '../../src/core/prompt.js';

const input = {
  date: '2025-10-06',
  position: { cash: 1234.5, holdings: { AAPL: 3 } },
  opens: new Map([
    ['AAPL', 254.665],
    ['MSFT', 517.1],
  ]),
  previousCloses: new Map([
    ['AAPL', { date: '2025-10-03', close: 258.02 }],
    ['MSFT', { date: '2025-10-03', close: 517.35 }],
    ['FB', { date: '2025-10-03', close: 41.1 }],
  ]),
  universe: ['AAPL', 'MSFT', 'FB'],
  valueAtOpen: 1234.5 + 3 * 254.665,
  newsAvailable: false,
  maxSteps: 30,
};

describe('system prompt', () => {
  const prompt = buildSystemPrompt(input);

  it('states the date, cash, holdings valued at the open, and the stop signal', () => {
    expect(prompt).toContain('Today is 2025-10-06');
    expect(prompt).toContain('Cash: $1,234.50');
    expect(prompt).toContain('- AAPL: 3 shares ($764.00 at open)');
    expect(prompt).toContain("Portfolio value at today's open: $1,998.50");
    expect(prompt).toContain(FINISH_SIGNAL);
  });

  it("labels closes with the previous session's date, not yesterday's", () => {
    expect(prompt).toContain('close on 2025-10-03 | open on 2025-10-06');
  });

  it('writes one machine-readable price row per symbol, n/a where there is no price today', () => {
    const rows = prompt.split('\n').filter((line) => PRICE_ROW_PATTERN.test(line));
    expect(rows).toEqual(['AAPL | 258.02 | 254.665', 'MSFT | 517.35 | 517.1', 'FB | 41.1 | n/a']);
  });

  it('offers news only when a source is configured', () => {
    expect(prompt).not.toContain('get_information');
    expect(buildSystemPrompt({ ...input, newsAvailable: true })).toContain('get_information');
  });
});
