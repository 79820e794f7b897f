# syntax=docker/dockerfile:1
# The ml-footprint GitHub App (docs/github-app.md). Multi-stage: compile with dev dependencies, install
# production dependencies on their own (native modules built there), run as the unprivileged `node` user.
#
#   docker build -t ml-footprint .
#   docker run --env-file .env -p 3000:3000 ml-footprint

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before the sources are here, and the compiler needs no native module.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
# better-sqlite3 (and tree-sitter-python when its prebuild does not load) compile native code.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts skips `prepare` (the build is the other stage's); native modules are then built explicitly.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild --foreground-scripts

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    ONNXRUNTIME_NODE_INSTALL=skip \
    PORT=3000 \
    HOST=0.0.0.0 \
    LOG_FORMAT=json \
    ML_FOOTPRINT_PLATFORM_DB=/data/platform.sqlite \
    ML_FOOTPRINT_DATA_DIR=/data
# poppler-utils gives the faster pdftotext engine; tini forwards signals and reaps children.
RUN apt-get update \
 && apt-get install -y --no-install-recommends poppler-utils tini \
 && rm -rf /var/lib/apt/lists/*
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY package.json app.yml ./
COPY bin ./bin
COPY data ./data
COPY models ./models
# `ml-footprint` on the PATH, for `docker run ml-footprint ml-footprint ...` and the survey workers (docs/survey.md).
RUN ln -s /app/bin/ml-footprint /usr/local/bin/ml-footprint
# The code is owned by root and read-only to the app; it writes only per-job temporary folders under /tmp.
# The review-platform store and the queue journal (SQLite) live on a volume so submissions and unfinished
# analyses survive a new container.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ml-footprint/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# The same as `npm start`, without npm in the signal path.
CMD ["node", "node_modules/probot/bin/probot.js", "run", "./dist/server.js"]
