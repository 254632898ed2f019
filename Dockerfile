# Baton's container image: one node (`baton run`) with the broker, the Zeebe gRPC gateway
# (26500), the HTTP server (8080: REST API, tasklist, health) and the tasklist's browser
# assets built in. See docs/kubernetes.md.
#
#   docker build -t baton:0.1.0 .
#   docker run --rm -p 26500:26500 -p 8080:8080 -v baton-data:/data baton:0.1.0
#
# Stages: `assets` installs the tasklist's pinned npm packages (package-lock.json), `builder`
# installs Baton into a virtualenv and copies the assets in, the final stage is a slim Python
# with that virtualenv, running as an unprivileged user.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# --- the tasklist's browser libraries (bpmn-js, form-js, htmx), from npm at build time ---
FROM ${NODE_IMAGE} AS assets
WORKDIR /src/tasklist/assets
COPY tasklist/assets/package.json tasklist/assets/package-lock.json ./
# --ignore-scripts: no package here needs an install script (tasklist/assets/build.py says why).
RUN npm ci --ignore-scripts --no-audit --no-fund

# --- Baton in a virtualenv ---
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
# Every dependency ships binary wheels for linux/amd64 and linux/arm64 (lxml, rocksdict,
# grpcio, psycopg-binary, argon2-cffi), so no compiler is installed.
RUN python -m venv /opt/baton
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bpmn ./bpmn
COPY engine ./engine
COPY broker ./broker
COPY gateway ./gateway
COPY tasklist ./tasklist
COPY --from=assets /src/tasklist/assets/node_modules ./tasklist/assets/node_modules
# Copies the files the pages load into tasklist/static/vendor/ (with the libraries' licences).
RUN python tasklist/assets/build.py --copy-only
RUN /opt/baton/bin/pip install /src
# The wheel carries Python modules only (pyproject.toml declares no package data yet), so the
# tasklist's templates and static files are copied next to the installed package; harmless
# once the wheel includes them. (-I: import the installed package, not /src's.)
RUN set -eu; \
    target="$(/opt/baton/bin/python -I -c 'import os, tasklist; print(os.path.dirname(tasklist.__file__))')"; \
    cp -r tasklist/templates tasklist/static "$target/"; \
    /opt/baton/bin/python -m compileall -q /opt/baton/lib; \
    /opt/baton/bin/baton --help > /dev/null

# --- the runtime image ---
FROM ${PYTHON_IMAGE}
ARG BATON_UID=10001
LABEL org.opencontainers.image.title="Baton" \
      org.opencontainers.image.description="A BPMN process engine in the style of Zeebe / Camunda 8" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid "${BATON_UID}" baton \
    && useradd --system --uid "${BATON_UID}" --gid baton --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin baton \
    && mkdir -p /data /etc/baton \
    && chown baton:baton /data \
    && printf '%s\n' \
       '# Baton in a container: `baton run --config /etc/baton/baton.toml`.' \
       '# BATON_* variables override these keys (docs/gateway.md).' \
       'data_dir = "/data"' \
       'host = "0.0.0.0"' \
       'grpc_port = 26500' \
       'http_port = 8080' \
       'no_examples = true' \
       'log_format = "json"' \
       > /etc/baton/baton.toml
COPY --from=builder /opt/baton /opt/baton
# HOME=/tmp: the root filesystem may be read-only (Kubernetes mounts /data and /tmp writable).
ENV PATH=/opt/baton/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp
WORKDIR /data
VOLUME ["/data"]
EXPOSE 26500 8080
USER ${BATON_UID}:${BATON_UID}
# Ready when every partition serves (the same check as the Kubernetes readiness probe).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('BATON_HTTP_PORT', '8080'); sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/health/ready', timeout=4).status == 200 else 1)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["baton", "run"]
CMD ["--config", "/etc/baton/baton.toml"]
