#!/usr/bin/env bash
# Installs the Debian 12 packages that only the store comparison needs
# (bench/ycsb/compare.sh): the servers CATS is compared with, and perf.
# Not part of scripts/install-deps.sh: building and testing do not need them.
# Idempotent. The packages' own services are stopped and disabled: compare.sh
# starts its own servers on free loopback ports.
set -euo pipefail

packages=(redis-server redis-tools etcd-server etcd-client linux-perf)

source "$(dirname "$0")/lib/apt_install.sh"
apt_install install-bench-deps "${packages[@]}"
for service in redis-server etcd; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$service" 2>/dev/null; then
    $sudo_cmd systemctl disable --now "$service" || true
  fi
done
