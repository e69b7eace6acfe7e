# Stock Ledger HQ (server + console). Build: docker build -t stock-ledger-hq .
# Run:   docker compose up   (HQ + PostgreSQL, see docker-compose.yml and README "Running HQ in production")

FROM node:20-bookworm-slim AS build
WORKDIR /src
# better-sqlite3 compiles if no prebuilt binary matches; Electron's own binary is never needed for HQ.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY . .
RUN node scripts/build.mjs && npx vite build --config console/vite.config.mts \
 && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HQ_DATA_DIR=/data PORT=8787
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/bin ./bin
COPY --from=build /src/dist/server ./dist/server
COPY --from=build /src/dist/console ./dist/console
RUN mkdir -p /data /updates && chown node:node /data /updates
USER node
VOLUME ["/data"]
EXPOSE 8787
# 503 from /v1/health (database unreachable, migration missing) marks the container unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/stock-ledger-hq.js"]
CMD ["serve", "--host", "0.0.0.0", "--updates", "/updates"]
