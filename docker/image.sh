#!/bin/sh
# The steps of the container image, in one place: docker/Dockerfile runs them, and CI runs
# the same steps without a Docker engine (.ci/image), so the two cannot drift apart.
#
#   docker/image.sh dependencies    all dependencies, exactly as in package-lock.json
#   docker/image.sh build           compile to dist/
#   docker/image.sh runtime         production dependencies only (the runtime image)
#   docker/image.sh start           start the compiled service (the image's command)
#   docker/image.sh health          exit 0 when /health/ready answers 200 (the health check)
set -eu

case "${1:-}" in
  dependencies) exec npm ci --no-audit --no-fund ;;
  build) exec npm run build ;;
  runtime) exec npm ci --omit=dev --no-audit --no-fund ;;
  # exec: the service itself receives SIGTERM and shuts down cleanly. The flags are those
  # of `npm start` in package.json; why: README.md, "Memory".
  start) exec node --max-old-space-size=192 --v8-pool-size=1 dist/src/main.js ;;
  # Node 20 has fetch built in, so the slim image needs no curl.
  health)
    exec node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready')
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
    ;;
  *)
    echo "usage: docker/image.sh dependencies|build|runtime|start|health" >&2
    exit 2
    ;;
esac
