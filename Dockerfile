# syntax=docker/dockerfile:1
# One image per service, all from this file:
#   docker build --build-arg APP=validator -t churn-platform/validator .
# APP is one of: ingestion validator preparer transformer feature-store trainer predictor,
# or sample-systems (the demo's source systems).
# The build stage does not depend on APP, so building the seven images shares it.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_SKIP_NX_CACHE=true \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1

# The root postinstall (tools/prisma-generate.mjs) generates the Prisma client
# from libs/database, so the whole source must be present before `npm ci`.
# .npmrc carries onnxruntime-node-install=skip: the package already ships the
# CPU binaries and its install script would otherwise try to fetch GPU extras.
COPY . .
RUN --mount=type=cache,target=/root/.npm \
    npm ci
RUN npm run build
# Fail the build here, not at container start, when the bundles are missing.
RUN for app in ingestion validator preparer transformer feature-store trainer predictor sample-systems; do \
      test -f "dist/apps/$app/main.js" || { echo "missing dist/apps/$app/main.js" >&2; exit 1; }; \
    done
# Dev tooling (nx, esbuild, vitest...) stays behind in this stage. The bundles
# keep every package external, so check each one they import survived the prune;
# onnxruntime-node ships binaries for every OS/arch: keep this platform's only.
RUN npm prune --omit=dev \
 && node --input-type=module -e "import{readFileSync as r,existsSync as e}from'node:fs';import{isBuiltin as b}from'node:module';const m=new Set();for(const a of process.argv.slice(1))for(const x of r('dist/apps/'+a+'/main.js','utf8').matchAll(/(?:\bfrom|\bimport|\brequire\()\s*\(?\s*[\"']([^\"'./][^\"']*)[\"']/g))if(!b(x[1]))m.add(x[1].split('/').slice(0,x[1][0]==='@'?2:1).join('/'));const l=[...m].filter(p=>!e('node_modules/'+p+'/package.json'));if(l.length){console.error('packages the bundles import but npm prune removed:',l.join(' '));process.exit(1)}" \
      ingestion validator preparer transformer feature-store trainer predictor sample-systems \
 && find node_modules/onnxruntime-node/bin -mindepth 3 -maxdepth 3 -type d \
      ! -path "*/linux/$(node -p process.arch)" -exec rm -rf {} +

# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0

RUN groupadd --system --gid 10001 churn \
 && useradd --system --uid 10001 --gid churn --home-dir /app --shell /usr/sbin/nologin churn

# Bundles keep third-party packages external (onnxruntime-node is native), so
# production node_modules ship alongside; the Prisma client is inside the bundle.
# Root package.json is needed for "type": "module".
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
# The example projects (PROJECT_DIR defaults to projects/sample-company); a deployment mounts its own.
COPY --from=build --chown=root:root /app/projects ./projects

# Everything above is shared by all seven images; only the bundle differs.
ARG APP
RUN test -n "${APP}" || { echo "build with --build-arg APP=<service>" >&2; exit 1; }
COPY --from=build --chown=root:root /app/dist/apps/${APP} ./dist/apps/${APP}
ENV APP=${APP}

USER 10001:10001

# Without PORT the service listens on its own default port; the probe follows the same table
# (3001 otherwise: APP=platform, the embedded mode, serves ingestion there).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const d={ingestion:3001,validator:3002,preparer:3003,transformer:3004,'feature-store':3005,trainer:3006,predictor:3007,'sample-systems':3100};const p=process.env.PORT||d[process.env.APP]||3001;fetch('http://127.0.0.1:'+p+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# exec: node becomes PID 1 and receives SIGTERM directly (graceful shutdown).
CMD ["/bin/sh", "-c", "exec node \"dist/apps/${APP}/main.js\""]
