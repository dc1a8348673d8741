#!/usr/bin/env bash
# Installs the Debian 12 packages that only the store comparison needs
# (bench/ycsb/compare.sh): the servers CATS is compared with, and perf.
# Not part of scripts/install-deps.sh: building and testing do not need them.
# Idempotent. The packages' own services are stopped and disabled: compare.sh
# starts its own servers on free loopback ports.
set -euo pipefail

packages=(redis-server redis-tools etcd-server etcd-client linux-perf)

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-bench-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-bench-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
for service in redis-server etcd; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$service" 2>/dev/null; then
    $sudo_cmd systemctl disable --now "$service" || true
  fi
done
