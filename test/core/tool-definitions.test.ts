import { describe, expect, it } from 'vitest';
import { toolSpecs, validateToolArgs } from '../../src/core/tools/tool-definitions.js';

describe('tool definitions', () => {
  it('exposes every tool as a JSON-schema function, news only when available', () => {
    expect(toolSpecs({ newsAvailable: true }).map((t) => t.name)).toEqual([
      'get_price_local',
      'buy',
      'sell',
      'get_information',
      'add',
      'multiply',
    ]);
    expect(toolSpecs({ newsAvailable: false }).map((t) => t.name)).not.toContain('get_information');
  });

  it('describes buy amounts as whole numbers >= 1 without a provider-hostile maximum', () => {
    const buy = toolSpecs({ newsAvailable: false }).find((t) => t.name === 'buy');
    expect(buy?.parameters).toMatchObject({
      type: 'object',
      required: ['symbol', 'amount'],
      properties: { amount: { type: 'integer', minimum: 1 } },
    });
    expect(JSON.stringify(buy?.parameters)).not.toContain('maximum');
    expect(buy?.parameters).not.toHaveProperty('$schema');
  });

  it('explains invalid arguments to the model', () => {
    expect(validateToolArgs('add', { a: 1, b: 2 })).toEqual({ ok: true, args: { a: 1, b: 2 } });
    const bad = validateToolArgs('get_price_local', { symbol: 'AAPL' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/Invalid arguments for get_price_local: date/);
  });
});
