#!/usr/bin/env python3
"""The soak broadcast: a three-hour talk compressed (vas-sim --speed), for `make soak`.

make-soak-scenario.py DIR [SENTENCES]  writes DIR/scenario.jsonl and DIR/expected.json:
SENTENCES sentences (default 20,000) over three hours, Chinese with English and Japanese
translations, four speakers renamed every 500 sentences and merged every 5,000, a tts_ready
for every fifth sentence (a real short MP3), and the connection dropped every 1,000 events.
After the last sentence, STORM (15) more drops a second apart at 100x with nothing new between
them: each reconnection replays vas-sim's history, so memory must stay flat across them.
expected.json is what a viewer must end with: every sentence once, its texts, its speaker's label.
"""
import base64, json, os, sys

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
here = os.path.dirname(os.path.abspath(__file__))
audio = base64.b64encode(open(os.path.join(here, "..", "Tests", "Fixtures", "audio", "short-en.mp3"), "rb").read()).decode()
os.makedirs(out, exist_ok=True)
lines = [json.dumps({"broadcast": {"name": "Soak: three hours", "recognition_mode": "multi_speaker", "phase": "live",
                                   "translation_languages": ["en-US", "ja-JP"], "tts_languages": ["en-US"]}})]
events = 0
duration = 3 * 3600.0 * min(1.0, count / 20000.0)  # three hours for 20,000 sentences
labels = {"G%d" % i: "Guest-%d" % i for i in range(4)}   # speaker id -> current label
merged = {}                                               # source id -> target id
speaker_of = {}
expected = {}

def add(at, kind, data):
    global events
    lines.append(json.dumps({"at": round(at, 3), "event": kind, "data": data}, ensure_ascii=False))
    events += 1
    if events % 1000 == 0:
        lines.append(json.dumps({"at": round(at, 3), "control": "drop"}))

def resolve(speaker):
    while speaker in merged:
        speaker = merged[speaker]
    return speaker

for sid in range(1, count + 1):
    at = sid * duration / count
    minutes, seconds = divmod(int(at), 60)
    start = "%d:%02d:%02d" % (minutes // 60, minutes % 60, seconds) if minutes >= 60 else "%02d:%02d" % (minutes, seconds)
    speaker = resolve("G%d" % (sid % 4))
    text = "第%d句，大家好。" % sid
    add(at, "origin", {"sid": sid, "text": text[:3], "is_final": False, "language": "zh-TW", "speaker_id": speaker,
                       "speaker_label": labels[speaker], "start_time": start})
    add(at + 0.1, "origin", {"sid": sid, "text": text, "is_final": True, "language": "zh-TW", "speaker_id": speaker,
                             "speaker_label": labels[speaker], "start_time": start})
    add(at + 0.2, "translation", {"sid": sid, "language": "en-US", "text": "Sentence %d, hello." % sid, "is_final": True})
    add(at + 0.25, "translation", {"sid": sid, "language": "ja-JP", "text": "第%d文、こんにちは。" % sid, "is_final": True})
    if sid % 5 == 0:
        add(at + 0.3, "tts_ready", {"sid": sid, "language": "en-US", "text": "Sentence %d, hello." % sid, "audio": audio,
                                    "format": "mp3", "duration_ms": 300})
    speaker_of[sid] = speaker
    expected[sid] = {"original": text, "en-US": "Sentence %d, hello." % sid, "ja-JP": "第%d文、こんにちは。" % sid}
    if sid % 500 == 0:
        target = resolve("G%d" % (sid // 500 % 4))
        labels[target] = "Name-%d" % sid
        add(at + 0.35, "speaker_renamed", {"speaker_id": target, "new_label": labels[target], "affected_sids": []})
    if sid % 5000 == 0 and len([s for s in labels if s not in merged]) > 1:
        source = resolve("G%d" % (sid // 5000 % 4))
        target = next(s for s in sorted(labels) if s not in merged and s != source)
        merged[source] = target
        add(at + 0.4, "speakers_merged", {"source_speaker_id": source, "target_speaker_id": target,
                                          "target_speaker_label": labels[target], "affected_sids": []})
storm = 15
for k in range(1, storm + 1):
    lines.append(json.dumps({"at": round(duration + 100 * k, 3), "control": "drop"}))
add(duration + 100 * storm + 5, "ended", {"message": "Broadcast has ended"})
for sid, entry in expected.items():
    entry["label"] = labels[resolve(speaker_of[sid])]
open(os.path.join(out, "scenario.jsonl"), "w").write("\n".join(lines) + "\n")
json.dump({"events": events, "storm": storm, "sentences": expected}, open(os.path.join(out, "expected.json"), "w"), ensure_ascii=False)
print("soak scenario: %d sentences, %d events, %d drops, then %d reconnections with nothing new" % (count, events, events // 1000, storm))
