/**
 * The container's health check (the Dockerfile's HEALTHCHECK): `node dist/cli/healthcheck.js` exits
 * 0 when the server this container runs answers `GET /health` with 200, else 1, printing one line
 * that `docker inspect` shows. A file of its own rather than a CLI command, so that a check every
 * few seconds loads only the probe and the environment's schema.
 */
import { probeHealth } from './health-probe.js';

const result = await probeHealth(process.env);
console.log(result.line);
process.exitCode = result.ok ? 0 : 1;
