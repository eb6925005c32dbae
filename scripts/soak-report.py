#!/usr/bin/env python3
"""Compares the soak's saved transcripts with its scenario and reads the viewers' logs."""
import json, re, sys

d = sys.argv[1]
expected = json.load(open(d + "/expected.json"))
want = expected["sentences"]
ok = True
print("soak: %d sentences, %d events" % (len(want), expected["events"]))
for mode in ["plain", "tui"]:
    try:
        saved = json.load(open("%s/%s.json" % (d, mode)))
    except Exception as error:
        print("%s: no saved transcript (%s)" % (mode, error)); ok = False; continue
    seen = {}
    duplicates = 0
    for s in saved["sentences"]:
        key = str(s["sid"])
        if key in seen: duplicates += 1
        seen[key] = s
    lost = [sid for sid in want if sid not in seen]
    # With speech on (tui) the stream carries only the chosen language: ja-JP is not expected there.
    languages = ["en-US", "ja-JP"] if mode == "plain" else ["en-US"]
    wrong_text = [sid for sid, w in want.items() if sid in seen and (seen[sid]["original"] != w["original"]
                  or any(seen[sid]["translations"].get(l) != w[l] for l in languages))]
    wrong_label = [sid for sid, w in want.items() if sid in seen and seen[sid]["speaker_label"] != w["label"]]
    log = open("%s/%s.log" % (d, mode)).read()
    resources = re.search(r"peak RSS (\d+) MB, RSS at the end (\d+) MB, CPU ([\d.]+) s", log)
    rss = [int(x) for x in re.findall(r"connected rss_mb=(\d+)", log)]
    seconds = float(open("%s/%s.seconds" % (d, mode)).read().strip())
    reconnects = len(rss)
    storm = expected.get("storm", 0)
    # Reconnections with nothing new (the end of the scenario): the transcript no longer grows,
    # so neither may memory. The first of them is taken once every sentence is in.
    cycles = rss[-storm:] if storm and len(rss) > storm else []
    print("%s: %d sentences saved, %d lost, %d duplicated, %d with wrong text (%s), %d with a wrong label" %
          (mode, len(seen), len(lost), duplicates, len(wrong_text), " ".join(["original"] + languages), len(wrong_label)))
    if resources:
        peak, end, cpu = int(resources.group(1)), int(resources.group(2)), float(resources.group(3))
        print("%s: peak RSS %d MB, RSS at the end %d MB, CPU %.1f s over %.0f s wall, %.0f events/s delivered, %d connections" %
              (mode, peak, end, cpu, seconds, expected["events"] / seconds, reconnects))
        print("%s: RSS at connections 2, %d, %d: %s MB (the transcript grows)" % (mode, len(rss) // 2, len(rss) - storm,
              ", ".join(str(rss[i]) for i in [1, len(rss) // 2, len(rss) - storm - 1]) if len(rss) > storm + 1 else "?"))
        if cycles:
            growth = cycles[-1] - cycles[0]
            print("%s: RSS across %d reconnections with nothing new: %s MB (growth %d MB, limit 1)" %
                  (mode, len(cycles), " ".join(map(str, cycles)), growth))
            if growth > 1: ok = False
        else:
            print("%s: the reconnections with nothing new are missing from the log" % mode); ok = False
        if peak >= 60 or end >= 60: ok = False
    else:
        print("%s: no resources line in the log" % mode); ok = False
    if lost or duplicates or wrong_text or wrong_label: ok = False
    if lost: print("  lost, first:", lost[:10])
    if wrong_label: print("  wrong labels, first:", [(sid, seen[sid]["speaker_label"], want[sid]["label"]) for sid in wrong_label[:5]])
print("soak:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
