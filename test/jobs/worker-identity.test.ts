import { describe, expect, it } from 'vitest';
import { deadLocalWorkers, newWorkerIdentity, ownerOf } from '../../src/jobs/leases.js';

describe('worker identity', () => {
  it('gives each claim a token of its own that names the worker, machine and process', () => {
    const me = newWorkerIdentity('abc123', 4242);
    const [first, second] = [me.nextToken(), me.nextToken()];
    expect(first).not.toBe(second);
    expect(first.startsWith(`${me.id}/`)).toBe(true);
    expect(me.id).toMatch(/^w-abc123-4242-[0-9a-f]{12}$/);
    expect(ownerOf(first)).toEqual({ worker: me.id, machine: 'abc123', pid: 4242, instance: me.instance });
    expect(ownerOf('worker-legacy-uuid')).toBeUndefined();
  });

  it("names the stopped workers of this machine: a gone process, or an earlier one with this one's PID", () => {
    const me = newWorkerIdentity('abc123', 100);
    const gone = newWorkerIdentity('abc123', 200);
    const alive = newWorkerIdentity('abc123', 300);
    const earlierMe = newWorkerIdentity('abc123', 100);
    const elsewhere = newWorkerIdentity('def456', 200);
    const holders = [gone, alive, earlierMe, elsewhere, me].map((w) => w.nextToken());
    holders.push(gone.nextToken(), 'not-a-worker');
    const isAlive = (pid: number): boolean => pid === 300 || pid === 100;
    expect(deadLocalWorkers(holders, me, isAlive).sort()).toEqual([earlierMe.id, gone.id].sort());
  });

  it('tells this machine from another by more than its host name', () => {
    // Two processes of this test run share the machine, so they agree on it.
    expect(newWorkerIdentity().machine).toBe(newWorkerIdentity().machine);
    expect(newWorkerIdentity().machine).toMatch(/^[0-9a-f]{12}$/);
  });
});
