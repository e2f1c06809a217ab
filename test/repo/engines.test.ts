import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/** The oldest Node the README promises; `npm ci` must install every locked package on it without EBADENGINE. */
const OLDEST_NODE = '20.19.0';

interface LockedPackage {
  engines?: { node?: string } | string[];
  optional?: boolean;
}

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};

describe('package-lock.json', () => {
  it(`installs on Node ${OLDEST_NODE}: no locked package requires a newer Node`, () => {
    const tooNew = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, pkg]) => {
        const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
        return range !== undefined && !semver.satisfies(OLDEST_NODE, range)
          ? [`${path} wants node ${range}`]
          : [];
      });
    expect(tooNew).toEqual([]);
  });

  it('agrees with package.json engines', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      engines: { node: string };
    };
    expect(semver.minVersion(pkg.engines.node)?.version).toBe(OLDEST_NODE);
  });
});
