#!/usr/bin/env bash
# Installs every Debian 12 package the whole project needs (build, tests, GUI,
# benchmarks). Idempotent: apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  # the sanitizer presets link with lld (a 140 MB ASan test links 3x faster)
  lld
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools
  qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-l10n-tools
  libgl-dev libxkbcommon-dev
  libboost-dev libboost-system-dev libboost-program-options-dev
  protobuf-compiler libprotobuf-dev
  # LevelDB's CMake package links -lsnappy, which only libsnappy-dev provides
  libleveldb-dev libsnappy-dev
  libcaf-dev
  # mutual TLS between nodes; openssl makes test certificates (scripts/make-test-certs.sh)
  libssl-dev openssl
  xvfb xauth clang-format
  redis-tools
)

source "$(dirname "$0")/lib/apt_install.sh"
apt_install install-deps "${packages[@]}"
