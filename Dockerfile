# syntax=docker/dockerfile:1
# Node 20 is the line the tests run on (README, "Node version").
# Build stage: install with the lockfile first so the dependency layer caches, then build both
# apps and the operator scripts (dist/scripts), then drop the devDependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: the bundles, production dependencies and default config only, owned by root and
# read-only to the numeric non-root user (no passwd entry needed; Kubernetes' runAsNonRoot can
# only verify a numeric USER). /data and /tmp are the only writable paths; HOME=/tmp lets
# `npm run migration:run` keep its logs there under a read-only root filesystem.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data HOME=/tmp
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config ./config
RUN mkdir -p /data && chown 10001:10001 /data && chmod 0700 /data
USER 10001:10001
VOLUME ["/data", "/tmp"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
# A 64 MB young generation: the fleet allocates ~100 MB/s of short-lived frames and Decimals;
# at the default size V8 scavenges ~10 times a second (docs/benchmarks.md).
# Migrations and the JSON import: node dist/scripts/migration-run.js, node dist/scripts/registry-import.js FILE.
# The operator CLI: node bin/flotilla.cjs engines ls (it runs dist/apps/cli/main.js).
CMD ["node", "--max-semi-space-size=16", "dist/apps/orchestrator/main.js"]
