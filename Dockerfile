# AI-Trader-Server: the API, the dashboard, the job worker and the CLI in one image.
#
#   docker build -t ai-trader-server .
#   docker run -d --name ai-trader -p 8080:8080 -v ai-trader-data:/data ai-trader-server   # = serve
#   docker run ... ai-trader-server serve --no-worker | worker | simulate ... | data ...   # any CLI command
#
# Configuration is the environment the README lists (DATABASE_URL, DEPLOYMENT_MODE, OPENAI_API_KEY,
# ...). The SQLite database lives in the /data volume unless DATABASE_URL names PostgreSQL. The
# process runs as an unprivileged user under tini, so `docker stop` (SIGTERM) stops it in seconds,
# handing its running model-days back to other workers.
#
# The base is an argument so that a machine without access to an image registry can build on a
# Node 20 image of its own (scripts/local-base-image.sh makes one): --build-arg NODE_IMAGE=...
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every dependency, the server compiled, the dashboard bundled, then dev packages pruned
FROM ${NODE_IMAGE} AS build
# A C++ toolchain for better-sqlite3 when no prebuilt binary can be downloaded; tini for the runtime.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ tini \
 && rm -rf /var/lib/apt/lists/*
# The lockfile is installed with npm 11, as in development (official Node 20 images carry npm 10).
RUN case "$(npm --version)" in 1[1-9].*) ;; *) npm install -g --no-audit --no-fund npm@11.19.1 ;; esac
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build && npm prune --omit=dev --no-audit --no-fund
# What production never reads: TypeScript sources and declarations, source maps, and better-sqlite3's
# build leftovers (sqlite's sources and objects; the addon itself is build/Release/better_sqlite3.node).
RUN find node_modules -type f \( -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.map' \) -delete \
 && cd node_modules/better-sqlite3 \
 && rm -rf deps src build/Release/obj build/Release/obj.target build/Release/.deps build/deps \
           build/Release/sqlite3.a build/Release/test_extension.node \
 && test -f build/Release/better_sqlite3.node

# ---- runtime: Node, production dependencies, the compiled server and dashboard, nothing else
FROM ${NODE_IMAGE} AS runtime
ARG APP_UID=10001
RUN groupadd --gid "${APP_UID}" aitrader \
 && useradd --uid "${APP_UID}" --gid aitrader --home-dir /app --no-create-home --no-log-init \
            --shell /usr/sbin/nologin aitrader \
 && mkdir -p /data \
 && chown aitrader:aitrader /data
COPY --from=build /usr/bin/tini /usr/bin/tini
WORKDIR /app
# Owned by root: the server cannot change its own code.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY configs ./configs
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_URL=/data/ai-trader.db
VOLUME ["/data"]
EXPOSE 8080
USER aitrader
# /health answers 200 while the database does; workers (`worker`, no port) turn this off in compose.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "dist/cli/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "dist/cli/main.js"]
CMD ["serve"]
