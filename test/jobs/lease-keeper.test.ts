import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LeaseKeeper } from '../../src/jobs/leases.js';

const silent = pino({ level: 'silent' });

/** Claims that hold what `held` says, and remember what they were asked. */
function fakeClaims(held: Set<string>) {
  const calls = { renewed: [] as { tokens: string[]; until: string }[], expired: [] as string[][] };
  return {
    calls,
    renew: async (tokens: readonly string[], until: string) => {
      calls.renewed.push({ tokens: [...tokens], until });
      return new Set(tokens.filter((t) => held.has(t)));
    },
    expire: async (holders: { tokens?: readonly string[] }) => {
      calls.expired.push([...(holders.tokens ?? [])]);
    },
  };
}

describe('LeaseKeeper', () => {
  const now = () => new Date('2025-11-01T00:00:00.000Z');

  it('renews every lease held until a lease later, and stops the work whose lease was lost', async () => {
    const claims = fakeClaims(new Set(['w/1']));
    const keeper = new LeaseKeeper(claims, { leaseMs: 15_000, now, logger: silent });
    const kept = keeper.hold('w/1');
    const lost = keeper.hold('w/2');
    await keeper.renewNow();
    expect(claims.calls.renewed).toEqual([{ tokens: ['w/1', 'w/2'], until: '2025-11-01T00:00:15.000Z' }]);
    expect(kept.aborted).toBe(false);
    expect(lost.aborted).toBe(true);
    expect(keeper.tokens()).toEqual(['w/1']);
  });

  it('keeps the work going when the database cannot be asked (the commit check decides)', async () => {
    const keeper = new LeaseKeeper(
      { renew: () => Promise.reject(new Error('connection lost')), expire: async () => undefined },
      { leaseMs: 15_000, now, logger: silent },
    );
    const signal = keeper.hold('w/1');
    await keeper.renewNow();
    expect(signal.aborted).toBe(false);
  });

  it('hands back every lease still held when it stops, and none it dropped', async () => {
    const claims = fakeClaims(new Set(['w/1', 'w/2']));
    const keeper = new LeaseKeeper(claims, { leaseMs: 15_000, now, logger: silent });
    keeper.hold('w/1');
    keeper.hold('w/2');
    keeper.drop('w/1');
    await keeper.stop();
    expect(claims.calls.expired).toEqual([['w/2']]);
  });

  it('also hands back the leases of work that ended after it was told the process is stopping', async () => {
    const claims = fakeClaims(new Set(['w/1', 'w/2', 'w/3']));
    const keeper = new LeaseKeeper(claims, { leaseMs: 15_000, now, logger: silent });
    keeper.hold('w/1');
    keeper.hold('w/2');
    keeper.hold('w/3');
    keeper.drop('w/1'); // finished before the shutdown: forgotten
    keeper.stopping();
    keeper.drop('w/2'); // aborted by the shutdown: handed back
    await keeper.renewNow();
    expect(claims.calls.renewed.at(-1)?.tokens).toEqual(['w/3']);
    await keeper.stop();
    expect(claims.calls.expired).toEqual([['w/3', 'w/2']]);
  });
});
