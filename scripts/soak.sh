#!/usr/bin/env bash
# make soak: a compressed three-hour broadcast from vas-sim into vas-view (as shipped),
# once in plain mode and once in the full-screen viewer under tmux; then
# scripts/soak-report.py compares both saved transcripts with the scenario and
# reads memory and CPU from the logs. SOAK_SENTENCES (20000) and SOAK_SPEED (100).
set -euo pipefail
sentences=${SOAK_SENTENCES:-20000}
speed=${SOAK_SPEED:-100}
dir=.build/soak
bin=.build/release
# The viewer weighed is the one that ships (make dist's build: optimised, Swift runtime linked in).
viewer=${SOAK_VIEWER:-.build-dist/release/vas-view}
rm -rf "$dir"; mkdir -p "$dir"
python3 scripts/make-soak-scenario.py "$dir" "$sentences"
# Plain mode without speech receives every language; the viewer with speech asks for en-US only
# (the API's lang filter, which tts needs) and plays every fifth sentence into ALSA's null device.
plain_options=(a3f9 --lang en-US --backoff-initial 0.05 --backoff-cap 0.2)
tui_options=(a3f9 --lang en-US --tts --audio-driver alsa --audio-device null --backoff-initial 0.05 --backoff-cap 0.2)

start_sim() {
    "$bin/vas-sim" --scenario "$dir/scenario.jsonl" --speed "$speed" --resend 1000 --port 0 > "$dir/sim-$1.log" 2>&1 &
    sim=$!
    for _ in $(seq 400); do grep -q listening "$dir/sim-$1.log" && break; sleep 0.05; done
    url=$(grep -o 'http://[^ ]*' "$dir/sim-$1.log")
}
trap 'kill ${sim:-0} 2>/dev/null || true; tmux -L vas-soak kill-server 2>/dev/null || true' EXIT

echo "plain mode (every language): $sentences sentences at ${speed}x ..."
start_sim plain
begin=$(date +%s%N)
XDG_STATE_HOME="$dir/state-plain" XDG_CONFIG_HOME="$dir/config" "$viewer" "${plain_options[@]}" --server "$url" \
    --save "$dir/plain.json" --log-file "$dir/plain.log" > "$dir/plain.out" 2> "$dir/plain.err" || echo "plain exit $?" >> "$dir/plain.err"
python3 -c "print(($(date +%s%N) - $begin) / 1e9)" > "$dir/plain.seconds"
kill $sim 2>/dev/null || true; wait $sim 2>/dev/null || true

echo "full-screen viewer under tmux, with speech ..."
start_sim tui
begin=$(date +%s%N)
tmux -L vas-soak -f /dev/null new-session -d -x 120 -y 40 \
    "env TERM=screen XDG_STATE_HOME=$dir/state-tui XDG_CONFIG_HOME=$dir/config $viewer ${tui_options[*]} --server $url --save $dir/tui.json --log-file $dir/tui.log; echo \$? > $dir/tui.exit; sleep 5"
# A person watching: wait for the end on screen, then press q.
for _ in $(seq 3600); do
    tmux -L vas-soak capture-pane -p -t 0 2>/dev/null | grep -q "The broadcast has ended" && break
    sleep 1
done
python3 -c "print(($(date +%s%N) - $begin) / 1e9)" > "$dir/tui.seconds"
tmux -L vas-soak capture-pane -p -t 0 > "$dir/tui-last-screen.txt" 2>/dev/null || true
tmux -L vas-soak send-keys -t 0 q
for _ in $(seq 100); do [ -f "$dir/tui.exit" ] && break; sleep 0.2; done
kill $sim 2>/dev/null || true; wait $sim 2>/dev/null || true
python3 scripts/soak-report.py "$dir"
