/**
 * The container test's checks (`npm run test:container` runs them through
 * scripts/container-test.sh, which first provides Docker and the base image): builds the image,
 * runs it alone on SQLite, then runs the compose stack on PostgreSQL. Prints one line per check and
 * a verdict; exits 0 when every check passed, 1 otherwise; removes whatever it started.
 *
 * Environment (set by scripts/container-test.sh):
 *   CONTAINER_BASE_IMAGE      the Dockerfile's NODE_IMAGE (required)
 *   CONTAINER_COMPOSE         the Compose command: "docker compose" or "docker-compose" (required)
 *   CONTAINER_POSTGRES_IMAGE  a PostgreSQL image to use as is, instead of building the stand-in
 *   CONTAINER_REPORT          where to write the JSON report scripts/test-summary.mjs reads
 *   CONTAINER_SWEEP=1         first remove what an earlier, interrupted run left (own daemon only)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { reportOf, runGroups, writeReport } from './check-runner.js';
import { composeChecks } from './compose-checks.js';
import { LABEL_KEY, type ContainerTestContext } from './context.js';
import { docker } from './docker-cli.js';
import { imageChecks } from './image-checks.js';
import { sqliteChecks } from './sqlite-checks.js';

const IMAGE = 'ai-trader-server:container-test';
const STAND_IN_POSTGRES = 'ai-trader-local/postgres:bookworm';
const PROJECT_PREFIX = 'aitct';

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    console.error(`run-checks: ${name} is not set (run it through scripts/container-test.sh)`);
    process.exit(2);
  }
  return value;
}

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;

/** Undoes everything registered, newest first; a step that fails does not stop the others. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.splice(0).reverse()) {
      await step().catch((error: unknown) => console.log(`container: cleanup: ${String(error)}`));
    }
  })();
  return cleaning;
}

/** Containers and volumes a previous run left behind (it was killed before it could clean up). */
async function sweepLeftovers(): Promise<void> {
  const ours = await docker(['ps', '--all', '--quiet', '--filter', `label=${LABEL_KEY}`]);
  const projects = await docker([
    'ps',
    '--all',
    '--format',
    '{{.ID}} {{.Label "com.docker.compose.project"}}',
    '--filter',
    'label=com.docker.compose.project',
  ]);
  const composed = projects
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([, project]) => project?.startsWith(PROJECT_PREFIX))
    .map(([id]) => id ?? '');
  const containers = [...ours.split('\n'), ...composed].filter(Boolean);
  if (containers.length > 0) await docker(['rm', '--force', '--volumes', ...containers]);
  const volumes = (await docker(['volume', 'ls', '--quiet']))
    .split('\n')
    .filter((v) => v.startsWith(PROJECT_PREFIX));
  if (volumes.length > 0) await docker(['volume', 'rm', '--force', ...volumes], { allowFailure: true });
  if (containers.length + volumes.length > 0)
    console.log(
      `container: removed ${containers.length} containers and ${volumes.length} volumes an earlier run left`,
    );
}

async function main(): Promise<number> {
  const started = performance.now();
  const runId = randomBytes(4).toString('hex');
  const tmp = mkdtempSync(join(tmpdir(), 'ai-trader-container-'));
  cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
  const postgresImage = process.env.CONTAINER_POSTGRES_IMAGE?.trim() || STAND_IN_POSTGRES;
  const ctx: ContainerTestContext = {
    root: resolve(import.meta.dirname, '..', '..'),
    baseImage: required('CONTAINER_BASE_IMAGE'),
    image: IMAGE,
    postgresImage,
    buildPostgres: postgresImage === STAND_IN_POSTGRES,
    compose: required('CONTAINER_COMPOSE').split(/\s+/),
    tmp,
    runId,
    label: `${LABEL_KEY}=${runId}`,
    onCleanup: (step) => void cleanups.push(step),
    facts: {},
  };
  if (process.env.CONTAINER_SWEEP === '1') await sweepLeftovers();

  const results = await runGroups([...imageChecks(ctx), sqliteChecks(ctx), composeChecks(ctx)]);
  await cleanUp();
  const report = reportOf(results);
  writeReport(process.env.CONTAINER_REPORT, report);
  const seconds = Math.round((performance.now() - started) / 1000);
  const size =
    ctx.facts.imageMb === undefined ? '' : `, image ${ctx.facts.imageMb} MB (base ${ctx.facts.baseMb} MB)`;
  const verdict = report.numFailedTests === 0 ? 'PASSED' : 'FAILED';
  console.log(
    `container test: ${verdict} - ${report.numPassedTests} of ${results.length} checks passed${size}, ${seconds} s`,
  );
  return report.numFailedTests === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`container: ${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(1));
  });
}

try {
  process.exitCode = await main();
} catch (error) {
  console.log(
    `container test: FAILED - ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  await cleanUp();
  writeReport(process.env.CONTAINER_REPORT, { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0 });
  process.exitCode = 1;
}
