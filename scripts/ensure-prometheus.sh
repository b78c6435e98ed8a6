#!/usr/bin/env bash
# Makes sure the real promtool and prometheus binaries are on PATH before the tests run.
# Installs Debian's `prometheus` package when possible; otherwise fails with a one-line hint.
set -euo pipefail

if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-prometheus: installing Debian's prometheus package (promtool, prometheus)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  # The package starts a service on Debian hosts with systemd; tests start their own server.
  if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
    exit 0
  fi
fi

echo "ensure-prometheus: promtool/prometheus not found; install them with: sudo apt-get install prometheus" >&2
exit 1
