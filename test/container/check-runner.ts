/**
 * Runs the container test's checks in order, one line each, and sums them up. Checks come in
 * groups whose later checks build on the earlier ones' state (a started container, a finished
 * job): after a failure, the rest of that group is not run and is counted as failed too, since
 * what it would have checked was not shown to work. A group may require others to have passed.
 */
import { writeFileSync } from 'node:fs';

export interface Check {
  name: string;
  /** Says what it saw, for the line (`266 MB`, `4 models x 5 sessions`), or nothing. */
  run(): Promise<string | void>;
}

export interface CheckGroup {
  name: string;
  checks: Check[];
  /** Names of groups that must have passed whole for this one to run. */
  needs?: string[];
}

export type Outcome = 'passed' | 'failed' | 'not run';

export interface CheckResult {
  group: string;
  name: string;
  outcome: Outcome;
  seconds: number;
  detail: string;
}

export async function runGroups(groups: readonly CheckGroup[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const total = groups.reduce((n, g) => n + g.checks.length, 0);
  const passedGroups = new Set<string>();
  let index = 0;
  for (const group of groups) {
    const missing = (group.needs ?? []).filter((name) => !passedGroups.has(name));
    let blocked = missing.length > 0 ? `needs ${missing.join(', ')}, which failed` : undefined;
    for (const check of group.checks) {
      index++;
      const label = `[${index}/${total}] ${group.name}: ${check.name}`;
      if (blocked !== undefined) {
        console.log(`container: ${label} ... NOT RUN (${blocked})`);
        results.push({
          group: group.name,
          name: check.name,
          outcome: 'not run',
          seconds: 0,
          detail: blocked,
        });
        continue;
      }
      const started = performance.now();
      try {
        const detail = (await check.run()) ?? '';
        const seconds = (performance.now() - started) / 1000;
        console.log(`container: ${label} ... ok (${seconds.toFixed(1)} s${detail ? `; ${detail}` : ''})`);
        results.push({ group: group.name, name: check.name, outcome: 'passed', seconds, detail });
      } catch (error) {
        const seconds = (performance.now() - started) / 1000;
        const detail = error instanceof Error ? error.message : String(error);
        console.log(`container: ${label} ... FAILED (${seconds.toFixed(1)} s)\n${indent(detail)}`);
        results.push({ group: group.name, name: check.name, outcome: 'failed', seconds, detail });
        blocked = `after "${check.name}" failed`;
      }
    }
    if (blocked === undefined) passedGroups.add(group.name);
  }
  return results;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/**
 * Vitest's field names, so that scripts/test-summary.mjs adds these checks to the suite's closing
 * line: a check not run after a failure counts as failed, a skipped container test as one skipped.
 */
export interface ContainerReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  skipReason?: string;
  checks?: CheckResult[];
}

export function writeReport(path: string | undefined, report: ContainerReport): void {
  if (path) writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

export function reportOf(results: readonly CheckResult[]): ContainerReport {
  return {
    numPassedTests: results.filter((r) => r.outcome === 'passed').length,
    numFailedTests: results.filter((r) => r.outcome !== 'passed').length,
    numPendingTests: 0,
    checks: [...results],
  };
}
