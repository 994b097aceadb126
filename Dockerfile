# The Tenantry image: `tenantry` as its entry point, serving by default.
#   docker build -t tenantry .
#   docker run -e SECRET_KEY=... -e DATABASE_URL=postgres://... tenantry            # serve
#   docker run ... tenantry migrate | worker | scheduler | bootstrap --email ...
# compose.yaml runs the whole stack (docs/deploy.md).

# Builder: the wheel, from the source alone (.dockerignore keeps local state out).
FROM python:3.11-slim AS builder
WORKDIR /src
COPY . .
RUN python -m pip wheel --no-cache-dir --disable-pip-version-check --no-deps \
    --wheel-dir /dist .

# Runtime: the locked dependencies, checked against their hashes, then the wheel without
# resolving anything more. No compilers, no development tools, no source tree.
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TENANTRY_ENV=production
COPY requirements.lock /tmp/requirements.lock
RUN python -m pip install --require-hashes -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock
COPY --from=builder /dist/ /tmp/dist/
RUN python -m pip install --no-deps /tmp/dist/tenantry-*.whl && rm -rf /tmp/dist

# An unprivileged user; the installed code stays root's, so the process cannot change it.
RUN groupadd --system --gid 10001 tenantry \
    && useradd --system --uid 10001 --gid tenantry --home-dir /home/tenantry --create-home \
       --shell /usr/sbin/nologin tenantry
USER tenantry
WORKDIR /home/tenantry

EXPOSE 8000
# Ready: the process is up and its database answers (/readyz). Containers of this image
# that run `worker` or `scheduler` serve no HTTP; compose.yaml turns this off for them.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
ENTRYPOINT ["tenantry"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
