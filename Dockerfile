# syntax=docker/dockerfile:1
# Partnership Pulse: multi-stage build on Node LTS. Stage 1 compiles (dev dependencies), stage 2 installs only the
# production dependencies, the final stage runs the compiled JavaScript as a non-root user.

ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY cards ./cards
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    PULSE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data
# Settings come from the environment (docker run -e / --env-file): there is no env/.env.production in the image.
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself (src/main.ts drains requests, then exits 0).
# Run with `docker run --init` to also reap any child processes.
CMD ["node", "--disable-warning=DEP0111", "--disable-warning=DEP0005", "--disable-warning=DEP0169", "--disable-warning=DEP0040", "--max-old-space-size=512", "dist/src/main.js"]
