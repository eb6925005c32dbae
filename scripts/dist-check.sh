#!/bin/sh
# make dist-check: proves dist/vas-view_…deb on a bare Debian 12 — a minbase made with
# debootstrap (cached outside the checkout), no Swift in it:
#   1. apt-get install ./vas-view_….deb pulls its dependencies and succeeds;
#   2. vas-view --version there prints what the host's copy prints;
#   3. man vas-view shows the manual;
#   4. an instant replay of a fixture prints exactly what it prints on the host;
#   5. a live broadcast from vas-sim on the host (loopback), saved as JSON there and on the
#      host, gives the same file;
#   6. the shipped binary's memory there: --version, and replaying 20,000 sentences in
#      three languages (/usr/bin/time -f %M), with the binary's size.
# Needs root (debootstrap, chroot, mount) and the network (Debian's mirror).
#   DIST_CHECK_CACHE   where the minbase is kept (default ~/.cache/vas-view/dist-check)
#   DEBIAN_MIRROR      default http://deb.debian.org/debian
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
[ "$(id -u)" = 0 ] || { echo "dist-check: run as root (debootstrap, chroot and mount need it): sudo make dist-check" >&2; exit 1; }
deb=$(ls dist/vas-view_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "dist-check: no dist/vas-view_*.deb: run make dist first" >&2; exit 1; }
sim=${VAS_SIM:-.build/debug/vas-sim}
[ -x "$sim" ] || { echo "dist-check: no $sim: build it (swift build --product vas-sim)" >&2; exit 1; }
cache=${DIST_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vas-view/dist-check}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
base="$cache/bookworm-minbase.tar.gz"
step() { printf '\n== %s\n' "$*"; }
fail() { echo "dist-check: FAILED: $*" >&2; exit 1; }

# The host's copy of the shipped binary, from the package itself.
work=$(mktemp -d /var/tmp/vas-dist-check.XXXXXX)
root="$work/root"
sims=""
cleanup() {
    for pid in $sims; do kill "$pid" 2>/dev/null || true; done
    umount "$root/proc" 2>/dev/null || true
    umount "$root/dev" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
dpkg-deb -x "$deb" "$work/host"
host="$work/host/usr/bin/vas-view"

if [ ! -f "$base" ]; then
    step "making the Debian 12 minbase once (kept in $cache)"
    mkdir -p "$cache"
    rm -rf "$cache/rootfs"
    debootstrap --variant=minbase bookworm "$cache/rootfs" "$mirror" > "$cache/debootstrap.log" 2>&1 \
        || { tail -20 "$cache/debootstrap.log"; fail "debootstrap"; }
    tar -C "$cache/rootfs" -czf "$base.part" . && mv "$base.part" "$base"
    rm -rf "$cache/rootfs"
fi
step "a fresh bare Debian 12 from $base"
mkdir -p "$root"
tar -C "$root" -xzf "$base"
[ -z "$(find "$root" -name 'libswiftCore*' -print -quit)" ] || fail "the bare system has a Swift runtime"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root() { chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb "$@"; }
in_root sh -c 'command -v swift swiftc' && fail "the bare system has Swift"
echo "no swift, no libswiftCore: $(in_root sh -c '. /etc/os-release; echo "$PRETTY_NAME"'), $(in_root dpkg -l | grep -c '^ii') packages"

step "apt-get install ./$(basename "$deb")"
cp "$deb" "$root/tmp/"
in_root apt-get update -qq
before=$(in_root dpkg -l | grep -c '^ii')
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" > "$work/install.log" 2>&1 \
    || { tail -30 "$work/install.log"; fail "apt-get install of the package"; }
after=$(in_root dpkg -l | grep -c '^ii')
echo "installed, with $((after - before - 1)) dependencies: $(in_root dpkg-query -W -f='${Depends}' vas-view)"

step "vas-view --version"
there=$(in_root vas-view --version)
mine=$("$host" --version)
echo "bare system: $there"
echo "host:        $mine"
[ "$there" = "$mine" ] || fail "--version differs"

step "man vas-view"
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends man-db > "$work/man.log" 2>&1 || { tail "$work/man.log"; fail "installing man-db"; }
in_root man -P cat vas-view > "$work/man.txt" 2>/dev/null || fail "man vas-view"
head -4 "$work/man.txt"
grep -q "vas-view" "$work/man.txt" || fail "the manual does not name vas-view"

step "vas-view speak /usr/share/vas-view/sound-check.mp3 (libout123's modules came with the package: its dummy output)"
in_root vas-view speak /usr/share/vas-view/sound-check.mp3 --audio-driver dummy || fail "speak through libout123's dummy output module"

step "replay --instant of Tests/Fixtures/demo-broadcast.sse"
cp Tests/Fixtures/demo-broadcast.sse "$root/tmp/demo.sse"
in_root vas-view replay /tmp/demo.sse --instant > "$work/replay-there.txt"
env -i HOME="$work" PATH="$PATH" LANG=C.UTF-8 TERM=dumb "$host" replay Tests/Fixtures/demo-broadcast.sse --instant > "$work/replay-host.txt"
cmp "$work/replay-there.txt" "$work/replay-host.txt" || { diff "$work/replay-there.txt" "$work/replay-host.txt" | head; fail "the replay differs"; }
echo "identical: $(wc -l < "$work/replay-host.txt") lines, $(wc -c < "$work/replay-host.txt") bytes"

step "a live broadcast from vas-sim on the host, saved as JSON"
live() {  # live NAME COMMAND…: one broadcast (a simulator of its own), watched by COMMAND
    name=$1; shift
    "$sim" --scenario demo --port 0 --speed 20 --broadcast-id dist-check > "$work/sim-$name.log" 2>&1 &
    sims="$sims $!"
    for _ in $(seq 200); do grep -q listening "$work/sim-$name.log" && break; sleep 0.05; done
    url=$(grep -o 'http://[^ ]*' "$work/sim-$name.log") || fail "vas-sim did not start"
    "$@" a3f9 --server "$url" --plain --no-autosave --save "/tmp/live-$name.json" > "$work/live-$name.txt" 2> "$work/live-$name.err" \
        || { cat "$work/live-$name.err"; fail "the live broadcast ($name)"; }
}
live there chroot "$root" env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=dumb vas-view
live host env -i HOME="$work" PATH="$PATH" LANG=C.UTF-8 TERM=dumb "$host"
cmp "$root/tmp/live-there.json" /tmp/live-host.json || fail "the saved transcripts differ"
echo "identical: $(grep -c '"sid"' /tmp/live-host.json) sentences, $(wc -c < /tmp/live-host.json) bytes"
rm -f /tmp/live-host.json

step "memory of the shipped binary on the bare system (peak RSS, /usr/bin/time -f %M)"
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends time > /dev/null 2>&1 || fail "installing time"
python3 scripts/make-soak-scenario.py "$work/soak" 20000 > /dev/null
python3 scripts/make-recording.py "$work/soak/scenario.jsonl" "$root/tmp/soak.sse"
weigh() { in_root /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
version_kb=$(for _ in 1 2 3 4 5; do weigh vas-view --version; done | sort -n | sed -n 3p)
replay_kb=$(for _ in 1 2 3; do weigh vas-view replay /tmp/soak.sse --instant; done | sort -n | sed -n 2p)
echo "vas-view --version: $version_kb KB (median of 5)"
echo "vas-view replay --instant, 20,000 sentences x 3 languages ($(($(stat -c %s "$root/tmp/soak.sse") / 1024)) KB): $replay_kb KB (median of 3)"
echo "binary: $(stat -c %s "$root/usr/bin/vas-view") bytes stripped; package $(stat -c %s "$deb") bytes"

step "the tarball on another fresh bare system: install.sh names what is missing, then installs"
tarball=$(ls dist/vas-view-*-linux-*.tar.gz | head -1)
umount "$root/proc" "$root/dev"
rm -rf "$root" && mkdir -p "$root"
tar -C "$root" -xzf "$base"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"
tar -C "$root/tmp" -xzf "$tarball"
folder=$(basename "$tarball" .tar.gz)
if in_root "/tmp/$folder/install.sh" /usr/local > "$work/tar-1.txt" 2>&1; then
    cat "$work/tar-1.txt"; fail "install.sh did not say that libraries are missing"
fi
grep "needs libraries this system lacks" "$work/tar-1.txt" || { cat "$work/tar-1.txt"; fail "install.sh did not name the missing libraries"; }
[ ! -e "$root/usr/local/bin/vas-view" ] || fail "install.sh copied vas-view although it could not start"
in_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends $(sed -n 's/^ *Debian, Ubuntu: sudo apt install //p' "$work/tar-1.txt") > "$work/tar-apt.log" 2>&1 \
    || { tail "$work/tar-apt.log"; fail "installing the libraries install.sh named"; }
in_root "/tmp/$folder/install.sh" /usr/local > "$work/tar-2.txt" 2>&1 || { cat "$work/tar-2.txt"; fail "install.sh after the libraries"; }
cat "$work/tar-2.txt"
grep -qx "$mine" "$work/tar-2.txt" || fail "the tarball's vas-view --version differs"
in_root "/tmp/$folder/install.sh" --uninstall /usr/local
[ ! -e "$root/usr/local/bin/vas-view" ] || fail "install.sh --uninstall left the binary"
[ ! -e "$root/usr/local/share/vas-view" ] || fail "install.sh --uninstall left a folder it made"
in_root "/tmp/$folder/install.sh" --uninstall /usr/local 2>/dev/null && fail "a second --uninstall said it removed something"

step "dist-check passed"
