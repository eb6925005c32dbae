#!/usr/bin/env bash
# make host-demo: be the host of a live broadcast. vas-sim serves a broadcast that waits for
# its host (--scenario live); you drive it here with vas-host (type sentences, /live,
# /announce …), and watch it with vas-view in another terminal (the command is printed).
set -uo pipefail
bin=${VAS_BIN:-.build/debug}
port=${PORT:-8080}
log=$(mktemp)
"$bin/vas-sim" --scenario live --port "$port" >"$log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null; rm -f "$log"' EXIT
# Until vas-sim says how to drive it, or has ended (a busy port is said at once).
for _ in $(seq 200); do grep -q "waits for its host" "$log" && break; kill -0 $sim 2>/dev/null || break; sleep 0.05; done
url=$(grep -o 'http://[^ ]*' "$log" | head -1)
key=$(sed -n 's/^vas-sim host API key (development): //p' "$log")
jwt=$(sed -n 's/^vas-sim notification token (development, 24 h): //p' "$log")
# The notification token goes by a file and the environment, not a command line others can list.
tokenfile=$(mktemp)
printf '%s' "$jwt" > "$tokenfile"
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null; rm -f "$log" "$tokenfile"' EXIT
if [ -z "$url" ] || [ -z "$key" ]; then echo "vas-sim did not start (is port $port free? PORT=8081 make host-demo):"; cat "$log"; exit 1; fi
cat <<TEXT
A live broadcast (token a3f9) is waiting for its host at $url.
Watch and hear it in another:   $bin/vas-view a3f9 --server $url --lang en-US --tts
Its API key (development):      $key
Its notifications:              VAS_NOTIFICATION_TOKEN=\$(cat $tokenfile) $bin/vas-host listen --server $url
Type here as its host (/help lists every command). Try:
  /start zh-TW en-US ja-JP --multi --tts en-US
  /standby 即將開始 | en-US: Starting soon
  /live
  /speaker Guest-1 陳主任
  大家好，歡迎。 | en-US: Hello and welcome. | ja-JP: ようこそ。
  /announce 五分鐘後休息 | en-US: A break in five minutes
  /stop
Each translation into en-US is spoken (--tts en-US; espeak-ng) to viewers who asked (--tts).
Ctrl-D or /quit leaves, and stops this vas-sim with it.
TEXT
# The key goes by the environment, not the command line (which every user can list).
VAS_API_KEY="$key" "$bin/vas-host" --server "$url"
echo "host-demo: this vas-sim stops now; its viewers lose the connection."
