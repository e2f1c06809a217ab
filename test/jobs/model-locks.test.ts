import { describe, expect, it } from 'vitest';
import { ModelLocks } from '../../src/jobs/model-locks.js';

describe('model locks', () => {
  it('gives each model to jobs in reservation order, and lets other models run at once', async () => {
    const locks = new ModelLocks();
    const order: string[] = [];
    const first = locks.reserve(['alpha', 'beta']);
    const second = locks.reserve(['beta', 'alpha']);
    const secondAlpha = second.turn('alpha').then(() => order.push('second:alpha'));
    await first.turn('alpha');
    order.push('first:alpha');
    await Promise.resolve();
    expect(order).toEqual(['first:alpha']);
    first.release('alpha');
    await secondAlpha;
    expect(order).toEqual(['first:alpha', 'second:alpha']);
    // beta is still held by the first job.
    let betaFree = false;
    void second.turn('beta').then(() => (betaFree = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(betaFree).toBe(false);
    first.releaseAll();
    await new Promise((r) => setTimeout(r, 0));
    expect(betaFree).toBe(true);
    second.releaseAll();
    second.releaseAll(); // idempotent
  });
});
