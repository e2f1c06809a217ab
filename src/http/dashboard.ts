/**
 * The web dashboard, served by the same server as the API: `npm run build` puts the Vite build of
 * `web/` in `dist/web` (an `index.html` and hashed files under `assets/`). Browsers asking for `/`
 * get that page (see routes/root.ts); its assets are served from `/assets/` by @fastify/static.
 * Without a build the API works as before and `/` tells a browser how to build the dashboard.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** `dist/web` beside `dist/http` (built) or `src/http` (tsx): both sit two levels below the repo root. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Hashed file names change with their content, so a browser may keep them for good. */
const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** The page's own headers; those every answer carries (its CSP among them) are security-headers.ts's. */
const DASHBOARD_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  // Rebuilt pages name new asset files: always ask again (a 200 of about a kilobyte).
  'cache-control': 'no-cache',
});

export interface Dashboard {
  /** The built page, or a short page saying how to build it. */
  page(): Promise<string>;
  /** The folder holding `assets/`, or null when nothing was built there. */
  readonly assetsRoot: string | null;
}

/** Whether `npm run build` (or `npm run build:web`) has built the dashboard where the server looks. */
export function dashboardIsBuilt(webRoot: string = DEFAULT_WEB_ROOT): boolean {
  return existsSync(join(webRoot, 'index.html'));
}

/** Sends the page as HTML: the route's typed reply only knows its JSON answer, so this takes the plain one. */
export function sendDashboardPage(reply: FastifyReply, html: string): FastifyReply {
  return reply.headers(DASHBOARD_HEADERS).send(html);
}

/** `webRoot` null: no dashboard at all (API-only tests); else the folder Vite built into. */
export function openDashboard(webRoot: string | null = DEFAULT_WEB_ROOT): Dashboard {
  const assets = webRoot === null ? null : join(webRoot, 'assets');
  return {
    assetsRoot: assets !== null && existsSync(assets) ? assets : null,
    // Read on each request, so a rebuild while the server runs is picked up (the file is ~1 KB).
    async page() {
      if (webRoot === null) return NOT_BUILT_PAGE;
      try {
        return await readFile(join(webRoot, 'index.html'), 'utf8');
      } catch {
        return NOT_BUILT_PAGE;
      }
    },
  };
}

/**
 * Whether an `Accept` header asks for HTML before JSON: browsers send `text/html,...,*\/*;q=0.8`,
 * API clients `application/json`, `*\/*` or nothing, and keep getting JSON.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const quality = Number.isFinite(q) ? q : 0;
    if (type === 'text/html') html = Math.max(html, quality);
    else if (type === 'application/json') json = Math.max(json, quality);
  }
  return html > 0 && html > json;
}

/** Serves the built assets under `/assets/`; registers nothing when there is no build. */
export const dashboardAssets: FastifyPluginAsync<{ dashboard: Dashboard }> = async (app, { dashboard }) => {
  if (dashboard.assetsRoot === null) return;
  await app.register(fastifyStatic, {
    root: dashboard.assetsRoot,
    prefix: '/assets/',
    // Swagger UI registers its own copy of the plugin; neither needs reply.sendFile.
    decorateReply: false,
    index: false,
    maxAge: 0,
    cacheControl: false,
    setHeaders: (res) => res.setHeader('cache-control', ASSET_CACHE_CONTROL),
  });
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI-Trader-Server</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>AI-Trader-Server</h1>
<p>The dashboard has not been built. Run <code>npm run build</code>, then restart the server.</p>
<p>The API is up: <a href="/docs">API docs</a>, <a href="/openapi.json">OpenAPI</a>, <a href="/health">health</a>.</p>
</body>
</html>
`;
