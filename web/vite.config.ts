/**
 * Builds the dashboard (web/) into dist/web, which the server serves at `/` (src/http/dashboard.ts).
 * `npm run dev:web` serves it with hot reload and forwards API calls to a server on API_URL
 * (default http://127.0.0.1:8080, e.g. one started by `npm run demo`).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API_URL = process.env['API_URL'] ?? 'http://127.0.0.1:8080';
const API_PATHS = ['/simulate', '/results', '/health', '/docs', '/openapi.json'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // One small app: a single chunk keeps the page to three requests.
    chunkSizeWarningLimit: 1024,
    // Keep the libraries' licence banners (Lightweight Charts' attribution notice among them).
    rolldownOptions: { output: { comments: { legal: true } } },
  },
  server: {
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: API_URL, changeOrigin: false }])),
  },
});
