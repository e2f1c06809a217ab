/**
 * The image itself: it builds on the given base (multi-stage, host network), runs as an unprivileged
 * user under tini with a health check and a /data volume, and holds what production needs and
 * nothing else: no dev dependency, no .git, no tests or their data, the dashboard built.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckGroup } from './check-runner.js';
import type { ContainerTestContext } from './context.js';
import { docker, run, tail } from './docker-cli.js';

/** What /app may hold: the compiled server and dashboard, the default config, the runtime packages. */
const APP_ENTRIES = ['configs', 'dist', 'node_modules', 'package.json'];

interface LockedPackage {
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
}

interface ImageConfig {
  User: string;
  Entrypoint: string[] | null;
  Cmd: string[] | null;
  Volumes: Record<string, unknown> | null;
  Healthcheck?: { Test: string[] };
  Env: string[];
}

/** Two groups: the build, which every other check needs, then what the built image holds. */
export function imageChecks(ctx: ContainerTestContext): CheckGroup[] {
  const inImage = (script: string, args: readonly string[] = []): Promise<string> =>
    docker(
      ['run', '--rm', '--network', 'host', '--entrypoint', 'sh', ctx.image, '-c', script, 'sh', ...args],
      {
        timeoutMs: 60_000,
      },
    );

  return [
    {
      name: 'image',
      checks: [
        {
          name: `builds (multi-stage, --network host, NODE_IMAGE=${ctx.baseImage})`,
          async run() {
            const logFile = join(ctx.tmp, 'image-build.log');
            const build = await run(
              [
                'docker',
                'build',
                '--network',
                'host',
                '--build-arg',
                `NODE_IMAGE=${ctx.baseImage}`,
                '--tag',
                ctx.image,
                ctx.root,
              ],
              { timeoutMs: 20 * 60_000, logFile, allowFailure: true },
            );
            if (build.code !== 0) throw new Error(`docker build exit ${build.code}${tail(build, 30)}`);
            const bytes = Number(await docker(['image', 'inspect', '--format', '{{.Size}}', ctx.image]));
            const baseBytes = Number(
              await docker(['image', 'inspect', '--format', '{{.Size}}', ctx.baseImage]),
            );
            ctx.facts.imageMb = Math.round(bytes / 1e6);
            ctx.facts.baseMb = Math.round(baseBytes / 1e6);
            return `${ctx.image}: ${ctx.facts.imageMb} MB, of which the base ${ctx.facts.baseMb} MB`;
          },
        },
      ],
    },
    {
      name: 'image contents',
      needs: ['image'],
      checks: [
        {
          name: 'runs as a non-root user under tini, with a HEALTHCHECK on /health and a /data volume',
          async run() {
            const config = JSON.parse(
              await docker(['image', 'inspect', '--format', '{{json .Config}}', ctx.image]),
            ) as ImageConfig;
            const problems: string[] = [];
            if (['', 'root', '0'].includes(config.User.split(':')[0] ?? ''))
              problems.push(`USER is "${config.User}"`);
            if (config.Entrypoint?.[0] !== '/usr/bin/tini')
              problems.push(`ENTRYPOINT ${JSON.stringify(config.Entrypoint)} does not start with tini`);
            if (!config.Healthcheck?.Test.join(' ').includes('healthcheck.js'))
              problems.push(`HEALTHCHECK ${JSON.stringify(config.Healthcheck?.Test)}`);
            if (!config.Volumes || !('/data' in config.Volumes)) problems.push('no VOLUME /data');
            if (!config.Env.includes('DATABASE_URL=/data/ai-trader.db'))
              problems.push('DATABASE_URL does not default to /data/ai-trader.db');
            const uid = await inImage('id -u');
            if (uid === '0') problems.push('id -u is 0');
            if (problems.length > 0) throw new Error(problems.join('\n'));
            return `USER ${config.User} (uid ${uid}), CMD ${JSON.stringify(config.Cmd)}`;
          },
        },
        {
          name: 'holds no dev dependency, no .git, no test data; holds the built dashboard',
          async run() {
            const problems: string[] = [];
            const entries = (await inImage('ls -A /app')).split('\n').filter(Boolean);
            const extra = entries.filter((e) => !APP_ENTRIES.includes(e));
            if (extra.length > 0)
              problems.push(`/app holds ${extra.join(', ')} besides ${APP_ENTRIES.join(', ')}`);
            const gitDirs = await inImage('find / -xdev -name .git -print 2>/dev/null | head -n 5; true');
            if (gitDirs) problems.push(`.git in the image: ${gitDirs.replaceAll('\n', ', ')}`);
            const testData = await inImage(
              "find /app -xdev -path /app/node_modules -prune -o \\( -name '*.test.*' -o -name 'alphavantage-subset' -o -name fixtures -o -name '.env' \\) -print | head -n 5",
            );
            if (testData)
              problems.push(`test files or data in the image: ${testData.replaceAll('\n', ', ')}`);

            const lock = JSON.parse(readFileSync(join(ctx.root, 'package-lock.json'), 'utf8')) as {
              packages: Record<string, LockedPackage>;
            };
            const installed = Object.entries(lock.packages).filter(([path]) =>
              path.startsWith('node_modules/'),
            );
            const devOnly = installed.filter(([, p]) => p.dev === true).map(([path]) => path);
            const runtime = installed
              .filter(([, p]) => !p.dev && !p.optional && !p.devOptional)
              .map(([path]) => path);
            const present = (paths: string[]): Promise<string> =>
              inImage('cd /app && for p in "$@"; do [ -e "$p" ] && echo "$p"; done; true', paths);
            const devPresent = (await present(devOnly)).split('\n').filter(Boolean);
            if (devPresent.length > 0)
              problems.push(
                `${devPresent.length} dev dependencies in the image: ${devPresent.slice(0, 8).join(', ')}`,
              );
            const runtimePresent = new Set((await present(runtime)).split('\n').filter(Boolean));
            const runtimeMissing = runtime.filter((p) => !runtimePresent.has(p));
            if (runtimeMissing.length > 0)
              problems.push(`runtime dependencies missing: ${runtimeMissing.slice(0, 8).join(', ')}`);

            const built = await inImage(
              'cd /app && ls dist/cli/main.js dist/cli/healthcheck.js dist/web/index.html && ls dist/web/assets | head -n 3',
            );
            if (!built.includes('dist/web/index.html') || !/\.js$/m.test(built))
              problems.push(`the dashboard is not built into dist/web: ${built}`);
            if (problems.length > 0) throw new Error(problems.join('\n'));
            return `${runtime.length} runtime packages present, none of ${devOnly.length} dev packages`;
          },
        },
      ],
    },
  ];
}
