"""Helpers shared by the fixture scripts: speech to MP3, and word boundaries."""
import base64
import os
import subprocess
import tempfile
import wave


def speak_mp3(text, path, bitrate="32", rate="22.05", speed="165"):
    """espeak-ng then lame: `text` spoken into the MP3 at `path`."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "x.wav")
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", speed, "-w", wav, text], check=True)
        subprocess.run(["lame", "--quiet", "-m", "m", "-b", bitrate, "--resample", rate, wav, path], check=True)


def mp3_duration_ms(path):
    """The decoded length of an MP3, as a player would play it."""
    with tempfile.TemporaryDirectory() as tmp:
        decoded = os.path.join(tmp, "d.wav")
        subprocess.run(["lame", "--quiet", "--decode", path, decoded], check=True)
        with wave.open(decoded) as w:
            return int(round(w.getnframes() / w.getframerate() * 1000))


def base64_file(path):
    with open(path, "rb") as f:
        return base64.b64encode(f.read()).decode()


def boundaries(text, duration_ms):
    """Word timings spread over the audio by word length; offsets in UTF-16 units."""
    words, offset = [], 0
    for word in text.split(" "):
        start = len(text[:offset].encode("utf-16-le")) // 2
        words.append((word, start, len(word.encode("utf-16-le")) // 2))
        offset += len(word) + 1
    total = sum(len(w) + 1 for w, _, _ in words)
    result, clock = [], 0
    for word, start, length in words:
        share = int(duration_ms * (len(word) + 1) / total)
        result.append({"offset_ms": clock, "duration_ms": share, "text": word,
                       "text_offset": start, "word_length": length})
        clock += share
    return result
