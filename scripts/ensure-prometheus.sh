#!/usr/bin/env bash
# Makes sure the real promtool, prometheus, amtool and alertmanager binaries are on PATH before the
# tests run. Installs Debian's `prometheus` and `prometheus-alertmanager` packages when possible;
# otherwise fails with a one-line hint. Debian names the Alertmanager binary `prometheus-alertmanager`.
set -euo pipefail

have_all() {
  command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 &&
    command -v amtool >/dev/null 2>&1 &&
    { command -v alertmanager >/dev/null 2>&1 || command -v prometheus-alertmanager >/dev/null 2>&1; }
}

if have_all; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-prometheus: installing Debian's prometheus and prometheus-alertmanager packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null
  # The packages start services on Debian hosts with systemd; tests start their own servers.
  if have_all; then
    exit 0
  fi
fi

echo "ensure-prometheus: promtool/prometheus/amtool/alertmanager not found; install them with: sudo apt-get install prometheus prometheus-alertmanager" >&2
exit 1
