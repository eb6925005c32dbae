#!/usr/bin/env python3
"""Builds vas-sim's built-in `demo` scenario: a ~3-minute bilingual talk.

zh-TW original with en-US and ja-JP translations, two speakers (one renamed,
one mis-detected third speaker merged back), partials turning final, standby
then live, an announcement, and en-US speech as real MP3 (espeak-ng + lame).

Writes Sources/vas-sim/Scenarios/DemoScenario.generated.swift (committed):
    python3 scripts/make-demo-scenario.py
"""
import json
import os
import tempfile

from fixturelib import base64_file, boundaries, mp3_duration_ms, speak_mp3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "vas-sim", "Scenarios", "DemoScenario.generated.swift")

# (speaker, zh-TW, en-US, ja-JP)
TALK = [
    ("Guest-1", "各位好，歡迎來到市立圖書館的數位服務說明會。", "Hello everyone, welcome to the city library's digital services briefing.", "皆さん、こんにちは。市立図書館のデジタルサービス説明会へようこそ。"),
    ("Guest-1", "我是今天的主持人，負責推廣業務。", "I am today's host, in charge of outreach.", "本日の司会を務めます、広報担当です。"),
    ("Guest-1", "今天我們要介紹三項新服務。", "Today we will introduce three new services.", "本日は三つの新しいサービスをご紹介します。"),
    ("Guest-1", "第一項是電子書借閱，現在可以直接用手機借書。", "The first is e-book lending: you can now borrow books directly on your phone.", "一つ目は電子書籍の貸出で、スマートフォンから直接借りられます。"),
    ("Guest-1", "每位讀者一次最多可以借十本。", "Each reader can borrow up to ten books at a time.", "一人につき一度に十冊まで借りられます。"),
    ("Guest-1", "第二項是線上預約自習座位。", "The second is booking study seats online.", "二つ目は自習席のオンライン予約です。"),
    ("Guest-1", "接下來請技術組的同事為大家說明系統。", "Next, a colleague from the technical team will explain the system.", "次に、技術チームの同僚がシステムについて説明します。"),
    ("Guest-2", "謝謝主任，大家好。", "Thank you, and hello everyone.", "ありがとうございます。皆さん、こんにちは。"),
    ("Guest-2", "座位預約系統會顯示每個樓層的空位。", "The seat booking system shows the free seats on every floor.", "座席予約システムでは各フロアの空席が表示されます。"),
    ("Guest-2", "預約後請在十五分鐘內報到。", "After booking, please check in within fifteen minutes.", "予約後は十五分以内にチェックインしてください。"),
    ("Guest-3", "如果沒有報到，座位會自動釋出。", "If you do not check in, the seat is released automatically.", "チェックインしない場合、座席は自動的に解放されます。"),
    ("Guest-3", "系統也支援多種語言的介面。", "The system also offers its interface in several languages.", "システムは多言語のインターフェースにも対応しています。"),
    ("Guest-2", "第三項服務是即時翻譯字幕。", "The third service is live translated subtitles.", "三つ目のサービスはリアルタイム翻訳字幕です。"),
    ("Guest-2", "就像各位現在看到的畫面一樣。", "Just like what you are seeing on your screen right now.", "ちょうど皆さんが今ご覧になっている画面のようにです。"),
    ("Guest-2", "講座和活動都會提供中文、英文和日文字幕。", "Talks and events will have Chinese, English and Japanese subtitles.", "講座やイベントでは中国語、英語、日本語の字幕を提供します。"),
    ("Guest-2", "我的部分就到這裡，謝謝大家。", "That is all from me, thank you.", "私からは以上です。ありがとうございました。"),
    ("Guest-1", "謝謝。現在開放提問。", "Thank you. We are now open for questions.", "ありがとうございました。ここから質疑応答です。"),
    ("Guest-1", "有觀眾問，電子書可以借多久？", "A viewer asks how long e-books can be borrowed.", "電子書籍の貸出期間についてご質問がありました。"),
    ("Guest-2", "借閱期限是二十一天，可以續借一次。", "The loan period is twenty-one days, renewable once.", "貸出期間は二十一日間で、一回延長できます。"),
    ("Guest-1", "另一位觀眾問，服務要收費嗎？", "Another viewer asks whether the services cost anything.", "別の方から、サービスは有料かというご質問です。"),
    ("Guest-1", "所有服務對持證讀者都是免費的。", "All services are free for card holders.", "すべてのサービスは利用カードをお持ちの方は無料です。"),
    ("Guest-1", "說明會的錄影稍後會放在官網上。", "A recording of this briefing will be on our website later.", "説明会の録画は後ほど公式サイトに掲載します。"),
    ("Guest-1", "今天的說明會到此結束，感謝各位參加。", "This concludes today's briefing. Thank you for joining us.", "本日の説明会はこれで終了です。ご参加ありがとうございました。"),
]

SENTENCE_GAP = 7.0
lines = []


def add(at, event, data=None):
    line = {"at": round(at, 2), "event": event}
    if data is not None:
        line["data"] = data
    lines.append(line)


def speak(text, tmp, name):
    mp3 = os.path.join(tmp, name + ".mp3")
    speak_mp3(text, mp3, bitrate="24", rate="16", speed="170")
    return base64_file(mp3), mp3_duration_ms(mp3)


def mmss(seconds):
    seconds = int(seconds)
    return "%02d:%02d" % (seconds // 60, seconds % 60)


meta = {"broadcast": {"name": "市立圖書館數位服務說明會", "transcription_language": "zh-TW",
                      "translation_languages": ["en-US", "ja-JP"], "tts_languages": ["en-US"],
                      "recognition_mode": "multi_speaker", "phase": "standby", "max_viewers": 500}}

add(0, "standby", {"message": "說明會即將開始，請稍候。",
                   "translations": {"en-US": "The briefing is about to begin, please wait.",
                                    "ja-JP": "説明会はまもなく始まります。しばらくお待ちください。"}})
add(5, "standby", {"message": "還有五秒開始。",
                   "translations": {"en-US": "Starting in five seconds.", "ja-JP": "あと五秒で始まります。"}})
add(10, "phase_changed", {"phase": "live", "message": "Broadcast has started"})

start = 11.0
# The label the server would send: after renames (speaker_aliases), as the document says.
labels = {}
with tempfile.TemporaryDirectory() as tmp:
    for index, (speaker, zh, en, ja) in enumerate(TALK):
        sid = index + 1
        at = start + index * SENTENCE_GAP
        live = at - 10.0
        label = labels.get(speaker, speaker)
        base = {"sid": sid, "language": "zh-TW", "speaker_id": speaker, "speaker_label": label,
                "start_time": mmss(live)}
        cut1, cut2 = max(1, len(zh) // 3), max(2, 2 * len(zh) // 3)
        add(at, "origin", dict(base, text=zh[:cut1], is_final=False))
        add(at + 1.0, "origin", dict(base, text=zh[:cut2], is_final=False))
        add(at + 2.2, "origin", dict(base, text=zh, is_final=True))
        tr = {"sid": sid, "speaker_id": speaker, "speaker_label": label, "is_final": True}
        add(at + 2.9, "translation", dict(tr, language="en-US", text=en))
        add(at + 3.1, "translation", dict(tr, language="ja-JP", text=ja))
        audio, duration = speak(en, tmp, "s%d" % sid)
        add(at + 3.4, "tts_ready", {"sid": sid, "language": "en-US", "transcript": zh, "text": en, "audio": audio,
                                    "format": "mp3", "duration_ms": duration, "boundaries": boundaries(en, duration)})
        if sid == 3:
            add(at + 4.0, "speaker_renamed", {"speaker_id": "Guest-1", "new_label": "陳主任", "affected_sids": [1, 2, 3]})
            labels["Guest-1"] = "陳主任"
        if sid == 9:
            add(at + 4.0, "speaker_renamed", {"speaker_id": "Guest-2", "new_label": "林工程師", "affected_sids": [8, 9]})
            labels["Guest-2"] = "林工程師"
        if sid == 12:
            add(at + 4.0, "speakers_merged", {"source_speaker_id": "Guest-3", "target_speaker_id": "Guest-2",
                                              "target_speaker_label": "林工程師", "affected_sids": [11, 12]})
        if sid == 17:
            add(at + 5.0, "announcement", {"message": "提問請在聊天室留言。",
                                           "translations": {"en-US": "Please post your questions in the chat.",
                                                            "ja-JP": "ご質問はチャットにお書きください。"}})
    end = start + len(TALK) * SENTENCE_GAP
    add(end, "ended", {"message": "Broadcast has ended"})

body = "\n".join(json.dumps(l, ensure_ascii=False, separators=(",", ":")) for l in [meta] + lines) + "\n"
assert '"""' not in body and "\\(" not in body
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8") as f:
    f.write("// Generated by scripts/make-demo-scenario.py — do not edit by hand.\n")
    f.write("// A ~3-minute bilingual talk with real MP3 speech (espeak-ng + lame).\n")
    f.write("let demoScenarioJSONLines = #\"\"\"\n")
    f.write(body)
    f.write("\"\"\"#\n")
print("wrote", OUT, len(body), "bytes,", len(lines), "lines, %.0f s" % end)
