#!/usr/bin/env python3
"""A --record-raw recording made from a vas-sim scenario (JSON lines of {"at", "event",
"data"}), as vas-view would have recorded it live: each event preceded by its `:@t=`
timing comment. make dist-check replays one of 20,000 sentences in three languages to
weigh replay's memory.

    scripts/make-recording.py SCENARIO.jsonl OUT.sse
"""
import json
import sys

scenario, out = sys.argv[1], sys.argv[2]
with open(scenario, encoding="utf-8") as source, open(out, "w", encoding="utf-8") as sse:
    sse.write("event: connected\ndata: {}\n\n")
    for line in source:
        entry = json.loads(line)
        if "event" not in entry:
            continue
        sse.write(":@t=%.3f\n" % entry["at"])
        sse.write("event: %s\ndata: %s\n\n" % (entry["event"], json.dumps(entry["data"], ensure_ascii=False)))
    sse.write("event: ended\ndata: {\"message\": \"The broadcast has ended.\"}\n\n")
