#!/usr/bin/env python3
"""Builds Tests/Fixtures/demo-broadcast.sse: a recorded VAS broadcast stream.

zh-TW original with en-US and ja-JP translations, three speakers with a
rename, a reassign and a merge, partials turning final, standby -> live, an
announcement, a translation error, a pause, and tts_ready events carrying real
MP3 made with espeak-ng and lame (kept in Tests/Fixtures/audio/).

The output is committed; run this only to change the scenario:
    python3 scripts/make-fixtures.py
Needs espeak-ng and lame (make deps installs them).
"""
import base64
import json
import os

from fixturelib import boundaries, mp3_duration_ms, speak_mp3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures")
AUDIO = os.path.join(FIXTURES, "audio")


def mp3(name, text):
    """Speaks `text` into audio/<name>.mp3 (once); returns (bytes, duration_ms)."""
    path = os.path.join(AUDIO, name + ".mp3")
    if not os.path.exists(path):
        os.makedirs(AUDIO, exist_ok=True)
        speak_mp3(text, path)
    with open(path, "rb") as f:
        return f.read(), mp3_duration_ms(path)


out = []


def event(kind, data=None):
    out.append("event: %s\n" % kind)
    out.append("data: %s\n\n" % ("" if data is None else json.dumps(data, ensure_ascii=False, separators=(",", ":"))))


def heartbeat():
    out.append(": heartbeat\n\n")


def origin(sid, text, speaker, label, start, final=True):
    data = {"sid": sid, "text": text, "is_final": final, "language": "zh-TW",
            "speaker_id": speaker, "speaker_label": label}
    if start is not None:
        data["start_time"] = start
    event("origin", data)


def translation(sid, lang, text, speaker, label, final=True):
    event("translation", {"sid": sid, "language": lang, "text": text,
                          "speaker_id": speaker, "speaker_label": label, "is_final": final})


def tts(sid, transcript, text):
    audio, duration = mp3("sid%d-en" % sid, text)
    event("tts_ready", {"sid": sid, "language": "en-US", "transcript": transcript, "text": text,
                        "audio": base64.b64encode(audio).decode(), "format": "mp3",
                        "duration_ms": duration, "boundaries": boundaries(text, duration)})


event("connected", {"available_langs": ["en-US", "ja-JP"], "tts_languages": ["en-US"],
                    "phase": "standby", "recognition_mode": "multi_speaker"})
event("standby", {"message": "發表會即將開始，請稍候…",
                  "translations": {"en-US": "The presentation is about to begin, please wait...",
                                   "ja-JP": "プレゼンテーションがまもなく始まります。お待ちください…"}})
heartbeat()
event("standby", {"message": "還有一分鐘開始",
                  "translations": {"en-US": "Starting in one minute",
                                   "ja-JP": "あと1分で始まります"}})
event("phase_changed", {"phase": "live", "message": "Broadcast has started"})

# Sentence 1: partials turning final, then both translations and speech.
origin(1, "大家好", "Guest-1", "Guest-1", "00:01", final=False)
origin(1, "大家好，歡迎來到", "Guest-1", "Guest-1", "00:01", final=False)
origin(1, "大家好，歡迎來到今天的發表會。", "Guest-1", "Guest-1", "00:01")
translation(1, "en-US", "Hello everyone, welcome", "Guest-1", "Guest-1", final=False)
translation(1, "en-US", "Hello everyone, welcome to today's presentation.", "Guest-1", "Guest-1")
translation(1, "ja-JP", "皆さん、こんにちは。本日の発表会へようこそ。", "Guest-1", "Guest-1")
tts(1, "大家好，歡迎來到今天的發表會。", "Hello everyone, welcome to today's presentation.")

# The host names Guest-1.
event("speaker_renamed", {"speaker_id": "Guest-1", "new_label": "王經理", "affected_sids": [1]})

# Sentence 2: a second speaker.
origin(2, "我們今天要介紹全新的產品線。", "Guest-2", "Guest-2", "00:06")
translation(2, "en-US", "Today we will introduce our brand new product line.", "Guest-2", "Guest-2")
translation(2, "ja-JP", "本日は新しい製品ラインをご紹介します。", "Guest-2", "Guest-2")
tts(2, "我們今天要介紹全新的產品線。", "Today we will introduce our brand new product line.")
heartbeat()

# Sentence 3: attributed to Guest-2, then reassigned to Guest-3; ja-JP translation filtered.
origin(3, "請問價格是多少？", "Guest-2", "Guest-2", "00:12")
translation(3, "en-US", "May I ask what the price is?", "Guest-2", "Guest-2")
event("error", {"error_code": "llm_content_filtered", "severity": "warning", "message": "Content filtered",
                "context": "translation", "sid": 3, "translation_language": "ja",
                "timestamp": "2026-04-26T10:30:45.123Z"})
event("speaker_reassigned", {"sid": 3, "old_speaker_id": "Guest-2", "new_speaker_id": "Guest-3",
                             "new_speaker_label": "Guest-3"})

# Sentence 4: Guest-3 again; then Guest-3 is merged into Guest-1.
origin(4, "價格會在下週公布。", "Guest-3", "Guest-3", "00:16")
translation(4, "en-US", "The price will be announced next week.", "Guest-3", "Guest-3")
translation(4, "ja-JP", "価格は来週発表されます。", "Guest-3", "Guest-3")
tts(4, "價格會在下週公布。", "The price will be announced next week.")
event("speakers_merged", {"source_speaker_id": "Guest-3", "target_speaker_id": "Guest-1",
                          "target_speaker_label": "王經理", "affected_sids": [3, 4]})

event("max_viewers_changed", {"max_viewers": 200})
event("paused", {"message": "Live stream is paused"})
heartbeat()
event("resumed", {"message": "Live stream has resumed"})

# Sentence 5: a late sentence still tagged Guest-3 lands on Guest-1 (王經理).
origin(5, "謝謝大家的提問。", "Guest-3", "Guest-3", "00:25")
translation(5, "ja-JP", "ご質問ありがとうございます。", "Guest-1", "王經理")
translation(5, "en-US", "Thank you all for your questions.", "Guest-1", "王經理")
tts(5, "謝謝大家的提問。", "Thank you all for your questions.")
event("announcement", {"message": "會議將在五分鐘後結束",
                       "translations": {"en-US": "The meeting will end in 5 minutes",
                                        "ja-JP": "会議は5分後に終了します"}})

# Sentence 6: the translation arrives before its origin.
translation(6, "en-US", "Please fill in the survey before you leave.", "Guest-2", "Guest-2")
origin(6, "離開前請填寫問卷。", "Guest-2", "Guest-2", "00:31")
translation(6, "ja-JP", "お帰りの前にアンケートにご記入ください。", "Guest-2", "Guest-2")
heartbeat()
event("ended", {"message": "Broadcast has ended"})

with open(os.path.join(FIXTURES, "demo-broadcast.sse"), "w", encoding="utf-8", newline="\n") as f:
    f.write("".join(out))
print("wrote", os.path.join(FIXTURES, "demo-broadcast.sse"))
