# cssd-trace: build with the dev toolchain, run with production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
# The people's pages (web/), typed from the committed OpenAPI document.
COPY web ./web
COPY docs/openapi.json ./docs/openapi.json
COPY scripts/build.mjs ./scripts/build.mjs
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# Two password checks at a time, two malloc arenas, big blocks given back: see README "Memory".
ENV UV_THREADPOOL_SIZE=2 MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
# dist/src (with the demo seed JSON) and dist/migrations; main.js reads ../../package.json.
COPY --from=build /app/dist ./dist
# Only used without DATABASE_URL (embedded PostgreSQL): a data directory the node user owns.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "--max-old-space-size=256", "dist/src/main.js"]
