"""Decode the bytes of a CSV file: UTF-8, or GB18030 when the text plainly is Chinese.

Excel saves CSV in the code page of the computer: GB18030 (GBK) in mainland China, but Shift-JIS
in Japan, Big5 in Taiwan, EUC-KR in Korea, Windows-1252 in Western Europe. Most of those bytes
also decode as GB18030, into nonsense. So a file that is not UTF-8 is read as GB18030 only when
charset-normalizer finds GB18030 at least as likely as any other code page and the text reads as
Chinese; otherwise it is refused, naming the encoding it seems to be in, rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from charset_normalizer import from_bytes

from coverage.messages import Message, msg

# The code pages Excel writes CSV in, besides UTF-8, and how a person knows them.
NAMES = {
    "gb18030": msg("Chinese GB18030"),
    "big5": msg("Big5 (Traditional Chinese)"),
    "cp932": msg("Shift-JIS (Japanese)"),
    "euc_jp": msg("EUC-JP (Japanese)"),
    "cp949": msg("EUC-KR (Korean)"),
    "cp1252": msg("Windows-1252 (Western European)"),
}
# Chaos ratios (charset-normalizer's measure of how garbled a decoding looks, 0-1) this close
# count as equally likely: a short file often decodes cleanly in several code pages.
TIE = 0.01
# The share of the non-ASCII characters that must be common simplified Chinese (in GB2312).
CHINESE_SHARE = 0.9


@dataclass(frozen=True)
class Decoded:
    """The text of a file, or why it cannot be read and on which line (None: the whole file)."""

    text: str | None
    reason: Message | None = None
    line: int | None = None


def decode_csv_bytes(data: bytes) -> Decoded:
    """Decode CSV bytes as UTF-8 (with or without BOM), else as Chinese GB18030, else say why not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        reason = msg(
            'the file is UTF-16 ("Unicode Text"); save it as "CSV UTF-8 (comma delimited)"'
        )
        return Decoded(None, reason)
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    line = data[:first_bad].count(b"\n") + 1
    neither = msg(
        "the text is neither UTF-8 nor GB18030 (byte 0x%(byte)s on line %(line)s); "
        'save the file as "CSV UTF-8 (comma delimited)"',
        byte=f"{data[first_bad]:02x}",
        line=line,
    )
    # Three-byte characters (every CJK one) that read fine as UTF-8 before the bad byte mean a
    # damaged UTF-8 file; two-byte ones may be GB18030 pairs that happen to be valid UTF-8
    # (品 = C6 B7, 注 = D7 A2), so the GB18030 reading still gets its chance.
    prefix = data[:first_bad].decode("utf-8", errors="replace")
    if any(ord(ch) >= 0x800 for ch in prefix):
        return Decoded(None, neither, line)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return Decoded(None, neither, line)
    judged = _judge_gb18030(data, text)
    if judged.text is None and any(ord(ch) > 0x7F for ch in prefix):
        return Decoded(None, neither, line)
    return judged


def _judge_gb18030(data: bytes, text: str) -> Decoded:
    """`text` (the file read as GB18030) when that is the likeliest reading, else a refusal."""
    matches = list(from_bytes(data, cp_isolation=list(NAMES)))
    best = min(matches, key=lambda m: m.chaos, default=None)
    gb = next((m for m in matches if m.encoding == "gb18030"), None)
    if gb is not None and best is not None and gb.chaos <= best.chaos + TIE and _chinese(text):
        return Decoded(text)
    if best is None or best.encoding == "gb18030":
        reason = msg(
            "the text is not UTF-8 and does not read as Chinese GB18030; open the file in "
            'Excel and save it as "CSV UTF-8 (comma delimited)"'
        )
        return Decoded(None, reason)
    reason = msg(
        "the text seems to be %(encoding)s, not UTF-8 or Chinese GB18030; open the file in "
        'Excel and save it as "CSV UTF-8 (comma delimited)"',
        encoding=NAMES.get(best.encoding, best.encoding),
    )
    return Decoded(None, reason)


def _chinese(text: str) -> bool:
    """True when nearly all non-ASCII characters are common simplified Chinese or its marks."""
    wide = [c for c in text if ord(c) > 0x7F]
    common = 0
    for char in wide:
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return not wide or common >= CHINESE_SHARE * len(wide)
