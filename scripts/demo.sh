#!/usr/bin/env bash
# make demo: serve the built-in demo broadcast with vas-sim on a free loopback
# port, watch it with vas-view, and stop the simulator however vas-view ends.
# Extra arguments go to vas-view (make demo ARGS="--lang ja-JP").
set -uo pipefail
bin=${VAS_BIN:-.build/debug}
log=$(mktemp)
"$bin/vas-sim" --scenario demo --port 0 >"$log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null; rm -f "$log"' EXIT
# Wait for the simulator to say where it listens (a script polling a log is fine; tests read the pipe).
for _ in $(seq 200); do grep -q listening "$log" && break; sleep 0.05; done
url=$(grep -o 'http://[^ ]*' "$log" || true)
if [ -z "$url" ]; then echo "vas-sim did not start:"; cat "$log"; exit 1; fi
"$bin/vas-view" a3f9 --server "$url" --lang en-US "$@"
