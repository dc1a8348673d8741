#!/usr/bin/env bash
# Makes a throw-away certificate authority and node certificates for trying
# and testing mutual TLS between nodes (docs/deploy.md, "TLS between nodes").
# For tests and first steps only: keys are written unencrypted, the CA key
# lies next to the certificates.
#
# usage: scripts/make-test-certs.sh [--days N] DIR NODE...
#   DIR/ca.crt, DIR/ca.key      the CA (made once; reused when present)
#   DIR/NODE.crt, DIR/NODE.key  one certificate per node, signed by the CA,
#                               CN=NODE (valid N days, default 365;
#                               --days -1 makes one that has expired)
set -euo pipefail

days=365
if [ "${1:-}" = "--days" ]; then
  days="$2"
  shift 2
fi
if [ "$#" -lt 2 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
dir="$1"
shift
command -v openssl >/dev/null || { echo "make-test-certs: openssl is not installed" >&2; exit 1; }
mkdir -p "$dir"
key_args=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)

if [ ! -f "$dir/ca.crt" ] || [ ! -f "$dir/ca.key" ]; then
  openssl req -x509 "${key_args[@]}" -keyout "$dir/ca.key" -out "$dir/ca.crt" \
    -subj "/CN=CATS Lab test CA $(basename "$dir")" -days 3650 2>/dev/null
fi

for node in "$@"; do
  openssl req "${key_args[@]}" -keyout "$dir/$node.key" -out "$dir/$node.csr" \
    -subj "/CN=$node" 2>/dev/null
  openssl x509 -req -in "$dir/$node.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
    -CAcreateserial -out "$dir/$node.crt" -days "$days" 2>/dev/null
  rm -f "$dir/$node.csr"
  chmod 600 "$dir/$node.key"
done
chmod 600 "$dir/ca.key"
echo "make-test-certs: CA $dir/ca.crt; certificates for: $*"
