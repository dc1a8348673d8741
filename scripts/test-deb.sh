#!/usr/bin/env bash
# Proves that the Debian package installs on a clean Debian 12 and that its
# programs run from the installed paths with the bundled examples:
#
#   cd build && cpack -G DEB && cd ..
#   sudo scripts/test-deb.sh [--root DIR] [build/catslab_*.deb]
#
# The first run makes a minimal bookworm in DIR (default /var/tmp/deb-root)
# with debootstrap (about 200 MB from deb.debian.org) and keeps it as the
# clean base; every run copies it to DIR.test, installs the package there
# with apt-get (which fetches its dependencies from Debian) and runs:
# catslab-node, catslab-sim and catslab-check, a real ping node and a CATS
# node with LevelDB, the desktop app's offscreen screenshot, systemd's check
# of the packaged unit, and finally removes the package. Needs root and the
# network, so it is not part of the test suite. docs/deploy.md has the
# result. Exit codes: 0 every step passed, 1 a step failed, 2 bad usage.
set -euo pipefail

root=/var/tmp/deb-root
deb=""
while [ $# -gt 0 ]; do
  case "$1" in
    --root)
      [ $# -ge 2 ] || { echo "test-deb: --root needs a folder" >&2; exit 2; }
      root="$2"
      shift 2
      ;;
    -h | --help)
      sed -n '2,17p' "$0"
      exit 0
      ;;
    -*)
      echo "test-deb: unknown option '$1'" >&2
      exit 2
      ;;
    *)
      deb="$1"
      shift
      ;;
  esac
done
if [ -z "$deb" ]; then
  deb=$(ls -t "$(dirname "$0")"/../build/catslab_*.deb 2>/dev/null | head -n 1 || true)
fi
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
  echo "test-deb: no package (make one with 'cpack -G DEB' in build/, or name it)" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "test-deb: needs root (debootstrap, chroot, mount)" >&2
  exit 2
fi

step() { printf '\n== %s\n' "$*"; }
fail() {
  echo "test-deb: FAILED: $*" >&2
  exit 1
}

if [ ! -x "$root/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || fail "debootstrap is missing (apt-get install debootstrap)"
  step "debootstrap a minimal Debian 12 into $root"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi

work="$root.test"
mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
step "fresh copy of the clean root in $work"
rm -rf "$work"
cp -a "$root" "$work"
for fs in proc sys dev; do
  mount --bind "/$fs" "$work/$fs"
  mounted+=("$work/$fs")
done
# Downloaded packages are kept beside the base root, so a second run is fast;
# the root the package is tested in is always fresh.
mkdir -p "$root.apt-cache/partial"
mount --bind "$root.apt-cache" "$work/var/cache/apt/archives"
mounted+=("$work/var/cache/apt/archives")
cp /etc/resolv.conf "$work/etc/resolv.conf"
cp "$deb" "$work/tmp/"
pkg="/tmp/$(basename "$deb")"
in_root() { chroot "$work" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

step "apt-get install $pkg"
in_root apt-get update -q
in_root apt-get install -y -q --no-install-recommends "$pkg" || fail "the package does not install"
in_root dpkg -s catslab | grep -E '^(Version|Installed-Size|Depends):'
echo "new packages: $(in_root dpkg-query -W -f '${binary:Package}\n' | wc -l) installed in all"

step "catslab-node --help"
out=$(in_root catslab-node --help 2>&1 || true)
echo "$out"
grep -q '^usage: catslab-node' <<<"$out" || fail "catslab-node does not start"

step "catslab-sim --scenario /usr/share/catslab/examples/cats/churn.json --seed 1"
in_root catslab-sim --scenario /usr/share/catslab/examples/cats/churn.json --seed 1 ||
  fail "catslab-sim did not pass the bundled CATS churn example"
in_root catslab-sim --scenario /usr/share/catslab/scenarios/ping-loss.json --seeds 1-20 \
  --shard 1/2 --keep-going || fail "catslab-sim --shard on the bundled ping-loss scenario"

step "catslab-check --help"
out=$(in_root catslab-check --help 2>&1 || true)
echo "$out" | head -n 3
grep -qi 'usage' <<<"$out" || fail "catslab-check does not start"

step "a ping node of the bundled ping3 topology answers status, then ends with its input"
out=$(echo status | in_root catslab-node --topology /usr/share/catslab/topologies/ping3.json \
  --node n2 --seed 1 2>&1) || fail "catslab-node ping3 n2: $out"
echo "$out"
grep -q '^ready n2 ' <<<"$out" || fail "no ready line from catslab-node"

step "a CATS node with LevelDB under /var/lib/catslab/n1 stores a key"
mkdir -p "$work/etc/catslab" "$work/var/lib/catslab"
cat >"$work/etc/catslab/topology.json" <<'EOF'
{ "name": "one", "bootstrap": "n1",
  "nodes": [ { "id": "n1", "host": "127.0.0.1", "port": 7950, "stack": "cats",
               "params": { "replication": "1", "store": "leveldb",
                           "data_dir": "/var/lib/catslab/n1" } } ] }
EOF
# The ring needs a moment to form; the console waits for nothing, so the
# commands are fed after the node announced itself.
out=$( (sleep 3; echo 'put apple red'; sleep 2; echo 'get apple'; sleep 2) |
  in_root catslab-node --topology /etc/catslab/topology.json --node n1 --seed 1 2>&1) ||
  fail "catslab-node cats n1: $out"
echo "$out" | grep -E '^(ready|put|get|error)' || true
grep -q '^get apple = red' <<<"$out" || fail "the CATS node did not store and read a key"
[ -f "$work/var/lib/catslab/n1/CATS_STORE" ] || fail "no LevelDB store in /var/lib/catslab/n1"

step "QT_QPA_PLATFORM=offscreen catslab --screenshot /tmp/x.png"
in_root sh -c 'QT_QPA_PLATFORM=offscreen catslab --screenshot /tmp/x.png' ||
  fail "catslab --screenshot"
[ -s "$work/tmp/x.png" ] || fail "no screenshot written"
head -c 8 "$work/tmp/x.png" | od -An -c | grep -q 'P   N   G' || fail "the screenshot is not a PNG"
ls -l "$work/tmp/x.png"
# The window icon is an SVG: Qt loads its icon engine as a plugin, which
# shlibdeps cannot see, so the package names libqt6svg6 itself.
[ -f "$work/usr/lib/x86_64-linux-gnu/qt6/plugins/iconengines/libqsvgicon.so" ] ||
  fail "no SVG icon engine: the window has no icon"

step "the packaged systemd units, checked by Debian's systemd"
ls -l "$work/usr/lib/systemd/system/" | grep catslab || fail "no systemd units in the package"
in_root apt-get install -y -q --no-install-recommends systemd >/dev/null || fail "apt-get install systemd"
# verify exits 0 on some complaints (an unknown value is only ignored): any output is a failure.
out=$(in_root systemd-analyze verify catslab-node@n1.service catslab-node@n1.socket 2>&1) ||
  fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify: $out"
echo "systemd-analyze verify catslab-node@n1.service catslab-node@n1.socket: no complaints"

step "apt-get purge catslab"
in_root apt-get purge -y -q catslab >/dev/null || fail "the package does not remove"
left=$(in_root sh -c 'ls /usr/bin/catslab* /usr/share/catslab 2>/dev/null' || true)
[ -z "$left" ] || fail "left behind after purge: $left"

step "every step passed ($(basename "$deb") on $(in_root cat /etc/debian_version))"
