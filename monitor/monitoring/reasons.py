"""The similarity engine's reasons (English) as translatable messages, for the triage queue.

The engine words each reason in English from a few fixed patterns ("same pinyin kang-da",
"goods in the same class 7"). `explain` recognises the common patterns and returns a Message
whose fixed words translate and whose parameters (marks, pinyin, classes) stay as they are; a
reason it does not recognise is returned unchanged, in English.
"""

from __future__ import annotations

import re

from coverage.messages import Message, msg

_ = msg  # the templates below are extracted like every other domain message
PATTERNS: list[tuple[re.Pattern[str], Message]] = [
    (re.compile(p), m)
    for p, m in (
        (
            r"same letters re-ordered (?P<a>.+) ~ (?P<b>.+)",
            _("same letters re-ordered %(a)s ~ %(b)s"),
        ),
        (r"same letters (?P<a>.+)", _("same letters %(a)s")),
        (
            r"same words in another order (?P<a>.+) ~ (?P<b>.+)",
            _("same words in another order %(a)s ~ %(b)s"),
        ),
        (r"singular/plural (?P<a>.+) ~ (?P<b>.+)", _("singular/plural %(a)s ~ %(b)s")),
        (r"look-alike letters (?P<a>.+) ~ (?P<b>.+)", _("look-alike letters %(a)s ~ %(b)s")),
        (
            r"sound alike (?P<a>.+) ~ (?P<b>.+) \((?P<key>[^)]*)\)",
            _("sound alike %(a)s ~ %(b)s (%(key)s)"),
        ),
        (r"same first word (?P<a>.+)", _("same first word %(a)s")),
        (r"contains the mark (?P<a>.+)", _("contains the mark %(a)s")),
        (r"(?P<a>\S+) begins the word (?P<b>.+)", _("%(a)s begins the word %(b)s")),
        (r"(?P<a>\S+) begins like (?P<b>.+)", _("%(a)s begins like %(b)s")),
        (r"contains (?P<a>.+) inside (?P<b>.+)", _("contains %(a)s inside %(b)s")),
        (r"contains (?P<a>.+), like the mark (?P<b>.+)", _("contains %(a)s, like the mark %(b)s")),
        (r"contains (?P<a>.+), like the mark", _("contains %(a)s, like the mark")),
        (
            r"same characters in another order (?P<a>.+) ~ (?P<b>.+)",
            _("same characters in another order %(a)s ~ %(b)s"),
        ),
        (r"same characters (?P<a>.+)", _("same characters %(a)s")),
        (r"traditional (?P<a>.+) = (?P<b>.+)", _("traditional %(a)s = %(b)s")),
        (
            r"all (?P<n>\d+) characters of (?P<a>.+) in the same order",
            _("all %(n)s characters of %(a)s in the same order"),
        ),
        (
            r"(?P<k>\d+) of the (?P<n>\d+) characters of (?P<a>.+) in the same order",
            _("%(k)s of the %(n)s characters of %(a)s in the same order"),
        ),
        (r"same pinyin (?P<p>.+)", _("same pinyin %(p)s")),
        (
            r"pinyin (?P<a>\S+) ~ (?P<b>\S+) \((?P<k>\d+) of (?P<n>\d+) syllables differ\)",
            _("pinyin %(a)s ~ %(b)s (%(k)s of %(n)s syllables differ)"),
        ),
        (r"added words (?P<a>.+)", _("added words %(a)s")),
        (r"pinyin of (?P<h>.+) is (?P<r>\S+) = (?P<t>.+)", _("pinyin of %(h)s is %(r)s = %(t)s")),
        (r"pinyin of (?P<h>\S+) (?P<r>\S+) ~ (?P<t>.+)", _("pinyin of %(h)s %(r)s ~ %(t)s")),
        (
            r"(?P<h>\S+) sounds like (?P<l>.+) \((?P<r>[^)]*)\)",
            _("%(h)s sounds like %(l)s (%(r)s)"),
        ),
        (r"translation (?P<a>.+) ~ (?P<b>.+)", _("translation %(a)s ~ %(b)s")),
        (r"contains (?P<a>.+)", _("contains %(a)s")),
        (r"goods in the same similar-group (?P<g>.+)", _("goods in the same similar-group %(g)s")),
        (r"goods in the same class (?P<c>.+)", _("goods in the same class %(c)s")),
        (r"goods in the same classes (?P<c>.+)", _("goods in the same classes %(c)s")),
        (
            r"goods in related classes (?P<a>.+) ~ (?P<b>.+)",
            _("goods in related classes %(a)s ~ %(b)s"),
        ),
        (
            r"goods in unrelated classes (?P<a>.+) vs (?P<b>.+)",
            _("goods in unrelated classes %(a)s vs %(b)s"),
        ),
        (r"logo matches", _("logo matches")),
        (r"logos differ", _("logos differ")),
        (
            r"logo found by local features \((?P<n>\d+) matching points\)",
            _("logo found by local features (%(n)s matching points)"),
        ),
        # the edits of a Latin word ("look-alike 0→O; letter added A")
        (r"look-alike (?P<x>\S+)→(?P<y>\S+)", _("look-alike %(x)s→%(y)s")),
        (r"sound-alike (?P<x>\S+)→(?P<y>\S+)", _("sound-alike %(x)s→%(y)s")),
        (r"letter (?P<x>\S+)→(?P<y>\S+)", _("letter %(x)s→%(y)s")),
        (r"letters swapped (?P<x>\S+)→(?P<y>\S+)", _("letters swapped %(x)s→%(y)s")),
        (r"letter added (?P<y>\S+)", _("letter added %(y)s")),
        (r"letter dropped (?P<x>\S+)", _("letter dropped %(x)s")),
        # the edits of Hanzi ("shape-similar character 帅→师 in first position")
        (
            r"shape-similar character (?P<x>\S+)→(?P<y>\S+) in (?P<pos>.+)",
            _("shape-similar character %(x)s→%(y)s in %(pos)s"),
        ),
        (
            r"shape- and sound-similar character (?P<x>\S+)→(?P<y>\S+) in (?P<pos>.+)",
            _("shape- and sound-similar character %(x)s→%(y)s in %(pos)s"),
        ),
        (
            r"similar-sound character (?P<x>\S+)→(?P<y>\S+) in (?P<pos>.+)",
            _("similar-sound character %(x)s→%(y)s in %(pos)s"),
        ),
        (
            r"same-sound character (?P<x>\S+)→(?P<y>\S+) in (?P<pos>.+)",
            _("same-sound character %(x)s→%(y)s in %(pos)s"),
        ),
        (
            r"different character (?P<x>\S+)→(?P<y>\S+) in (?P<pos>.+)",
            _("different character %(x)s→%(y)s in %(pos)s"),
        ),
        (r"added character (?P<y>\S+) at (?P<pos>.+)", _("added character %(y)s at %(pos)s")),
        (r"dropped character (?P<x>\S+) at (?P<pos>.+)", _("dropped character %(x)s at %(pos)s")),
        (
            r"characters swapped (?P<x>\S+)→(?P<y>\S+) at (?P<pos>.+)",
            _("characters swapped %(x)s→%(y)s at %(pos)s"),
        ),
    )
]
_REMOVED = re.compile(r"(?P<rest>.+) after removing (?P<words>.+)")
_PHASH = re.compile(r"(?P<rest>.+) \(pHash distance (?P<d>\d+)/64\)")
_PAIR = re.compile(r"(?P<a>[^:~]+) ~ (?P<b>[^:]+): (?P<rest>.+)")
_ORDINALS = {
    "first position": msg("first position"),
    "second position": msg("second position"),
    "third position": msg("third position"),
    "fourth position": msg("fourth position"),
    "fifth position": msg("fifth position"),
    "sixth position": msg("sixth position"),
}
_POSITION = re.compile(r"position (?P<num>\d+)")


def _position(text: str) -> object:
    if text in _ORDINALS:
        return _ORDINALS[text]
    found = _POSITION.fullmatch(text)
    return msg("position %(num)s", num=found["num"]) if found else text


# A logo's reason (infringement.similarity.logo_match): where it was found, after which changes.
_LOGO = re.compile(r"logo (?:matches|found (?P<where>.+?))(?: after (?P<changes>.+))?")
_LOGO_PLACES = [
    (re.compile(p), t)
    for p, t in (
        (r"on a label in the image", _("on a label in the image")),
        (r"in part (?P<n>\d+) of the image", _("in part %(n)s of the image")),
        (r"on a label in part (?P<n>\d+) of the image", _("on a label in part %(n)s of the image")),
        # the changes a copy underwent (logos.py, logo_views.py)
        (r"colour inversion", _("colour inversion")),
        (r"recolouring", _("recolouring")),
        (r"removing a frame", _("removing a frame")),
        (r"mirroring", _("mirroring")),
        (r"rotation by (?P<d>[\d.]+)° clockwise", _("rotation by %(d)s° clockwise")),
        (r"rotation by (?P<d>[\d.]+)° anticlockwise", _("rotation by %(d)s° anticlockwise")),
        (r"cropping (?P<p>\d+)% off the left", _("cropping %(p)s%% off the left")),
        (r"cropping (?P<p>\d+)% off the right", _("cropping %(p)s%% off the right")),
        (r"cropping (?P<p>\d+)% off the top", _("cropping %(p)s%% off the top")),
        (r"cropping (?P<p>\d+)% off the bottom", _("cropping %(p)s%% off the bottom")),
        (r"leaving out the words above it", _("leaving out the words above it")),
        (r"leaving out the words below it", _("leaving out the words below it")),
        (r"leaving out the words left of it", _("leaving out the words left of it")),
        (r"leaving out the words beside it", _("leaving out the words beside it")),
        (r"slanting sideways \(straightened\)", _("slanting sideways (straightened)")),
        (r"slanting up or down \(straightened\)", _("slanting up or down (straightened)")),
        (r"rotation \(turned straight\)", _("rotation (turned straight)")),
    )
]


def _logo_words(text: str) -> object:
    for pattern, template in _LOGO_PLACES:
        found = pattern.fullmatch(text)
        if found is not None:
            return Message(template.template, found.groupdict())
    return text


def _logo(found: re.Match[str]) -> Message:
    where = _logo_words(found["where"]) if found["where"] else None
    changes: object = None
    for change in found["changes"].split(" and ") if found["changes"] else ():
        word = _logo_words(change)  # "A and B and C", as the engine says it
        changes = word if changes is None else msg("%(some)s and %(last)s", some=changes, last=word)
    if changes is not None:
        if where is None:
            return msg("logo matches after %(changes)s", changes=changes)
        return msg("logo found %(where)s after %(changes)s", where=where, changes=changes)
    if where is None:
        return msg("logo matches")
    return msg("logo found %(where)s", where=where)


def explain(reason: str) -> Message | str:
    """`reason` as a Message to translate, or as it is when no pattern knows it."""
    for pattern, suffix in ((_REMOVED, "after removing"), (_PHASH, "phash")):
        found = pattern.fullmatch(reason)
        if found is not None:
            rest = explain(found["rest"])
            if suffix == "phash":
                return msg("%(rest)s (pHash distance %(d)s/64)", rest=rest, d=found["d"])
            return msg("%(rest)s after removing %(words)s", rest=rest, words=found["words"])
    if "; " in reason:
        parts = [explain(part) for part in reason.split("; ")]
        if any(isinstance(p, Message) for p in parts):
            return Message("; ".join(f"%(p{i})s" for i in range(len(parts))), _numbered(parts))
        return reason
    logo = _LOGO.fullmatch(reason)
    if logo is not None:
        return _logo(logo)
    for pattern, template in PATTERNS:
        found = pattern.fullmatch(reason)
        if found is not None:
            params: dict[str, object] = dict(found.groupdict())
            if "pos" in params:
                params["pos"] = _position(str(params["pos"]))
            return Message(template.template, params)
    pair = _PAIR.fullmatch(reason)
    if pair is not None:
        rest = explain(pair["rest"])
        if isinstance(rest, Message):
            return msg("%(a)s ~ %(b)s: %(rest)s", a=pair["a"], b=pair["b"], rest=rest)
    return reason


def _numbered(parts: list[Message | str]) -> dict[str, object]:
    return {f"p{i}": part for i, part in enumerate(parts)}
