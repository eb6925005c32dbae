#!/usr/bin/env bash
# The viewer's real path, measured: vas-sim → vas-view (release) in tmux with
# VAS_VIEW_TRACE. Prints first frame, event→frame and key→frame p50/p99, idle
# and under a burst of 1,000 events in one second. Used for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product vas-view >/dev/null
swift build --product vas-sim >/dev/null
work=$(mktemp -d)
trap 'tmux -L vas-measure kill-server 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

percentiles() {  # label, file of numbers
  sort -n "$2" | awk -v label="$1" '{v[NR]=$1} END {
    if (NR == 0) { print label ": no samples"; exit }
    p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1]
    printf "%-34s n=%-5d p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms\n", label, NR, p50, p99, v[NR] }'
}

run() {  # name, scenario, seconds, keys...
  local name=$1 scenario=$2 seconds=$3; shift 3
  .build/debug/vas-sim --scenario "$scenario" --speed "${SPEED:-1}" >"$work/sim.out" 2>&1 &
  local sim=$!
  for _ in $(seq 100); do grep -q listening "$work/sim.out" && break; sleep 0.05; done
  local url; url=$(grep -o 'http://[^ ]*' "$work/sim.out")
  tmux -L vas-measure -f /dev/null new-session -d -x 120 -y 30 \
    "VAS_VIEW_TRACE=$work/$name.trace XDG_STATE_HOME=$work TERM=screen .build/release/vas-view a3f9 --server $url --lang en-US"
  local end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do
    for key in "$@"; do sleep 0.5; tmux -L vas-measure send-keys "$key"; done
    [ $# -eq 0 ] && sleep 1
  done
  tmux -L vas-measure send-keys q; sleep 0.5
  tmux -L vas-measure kill-server 2>/dev/null || true
  kill $sim 2>/dev/null || true; wait $sim 2>/dev/null || true
  echo "== $name"
  grep first-frame "$work/$name.trace" | awk '{printf "first frame after start: %.1f ms\n", $2}'
  grep '^event-ms' "$work/$name.trace" | awk '{print $2}' >"$work/e" || true
  grep '^key-ms' "$work/$name.trace" | awk '{print $2}' >"$work/k" || true
  percentiles "event received → frame on screen" "$work/e"
  percentiles "key → frame on screen" "$work/k"
  echo "frames drawn: $(grep -c -E '^(event|key)-ms' "$work/$name.trace")"
}

SPEED=4 run demo demo 25 l k j G l
# 1,000 origin events within one second, half a second after the start.
python3 - "$work/burst.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"broadcast": {"name": "Burst", "phase": "live"}}) + "\n")
    for i in range(1000):
        f.write(json.dumps({"at": 0.5 + i / 1000, "event": "origin",
                            "data": {"sid": i + 1, "text": "第%d句，快速湧入的字幕。" % (i + 1), "is_final": True}}) + "\n")
PY
run burst "$work/burst.jsonl" 4
