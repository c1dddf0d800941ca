"""Messages for people, kept translatable: an English template with %-style named parameters.

The domain says what went wrong in English (`str(message)`); the web edge looks the template up
in its catalogue and fills in the same parameters. A parameter may itself be a Message (a column
name, a kind of code), translated the same way. `msg` is the marker Babel extracts (`-k msg`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    """An English `template` such as 'class %(classes)s is outside 1–45' and its parameters."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.render(lambda template: template)

    def __hash__(self) -> int:
        return hash((self.template, tuple(sorted((k, str(v)) for k, v in self.params.items()))))

    def render(self, translate: Callable[[str], str]) -> str:
        """Fill the template as `translate` gives it; nested Messages are rendered the same way."""
        text = translate(self.template)
        if not self.params:
            return text
        values = {
            name: value.render(translate) if isinstance(value, Message) else value
            for name, value in self.params.items()
        }
        return text % values


def msg(template: str, **params: object) -> Message:
    """Mark `template` for translation and bind its %(name)s parameters."""
    return Message(template, params)


def join_and(items: Sequence[object]) -> object:
    """Say "2, 3 and 5" as a translatable Message (a single item is returned as it is)."""
    if len(items) < 2:
        return items[0] if items else ""
    return msg("%(some)s and %(last)s", some=", ".join(map(str, items[:-1])), last=items[-1])


def join_or(items: Sequence[object]) -> object:
    """Say "EM or BX" as a translatable Message (a single item is returned as it is)."""
    if len(items) < 2:
        return items[0] if items else ""
    return msg("%(some)s or %(last)s", some=", ".join(map(str, items[:-1])), last=items[-1])


class Text(str, Message):
    """A Message that is also its English text: for fields that were plain strings (a cell's
    note, the reason a mark lapsed) and must stay so for JSON, CSV, comparisons and joins, while
    the web edge can still render them in the UI language (`render`, as for any Message)."""

    def __new__(cls, template: str, params: Mapping[str, object] | None = None) -> Text:
        values = dict(params or {})
        english = template % values if values else template
        return super().__new__(cls, english)

    def __init__(self, template: str, params: Mapping[str, object] | None = None) -> None:
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "params", dict(params or {}))

    def __reduce__(self) -> tuple[object, ...]:
        return (Text, (self.template, dict(self.params)))

    __str__ = str.__str__
    __eq__ = str.__eq__
    __hash__ = str.__hash__


def text(template: str, **params: object) -> Text:
    """Mark `template` for translation and bind its %(name)s parameters, as an English string."""
    return Text(template, params)


def join_texts(texts: Sequence[str], separator: str = "; ") -> str:
    """Join notes as `separator.join(texts)` does, keeping them translatable when they are Texts."""
    if len(texts) == 1:
        return texts[0]
    template = separator.replace("%", "%%").join(f"%(p{i})s" for i in range(len(texts)))
    return Text(template, {f"p{i}": t for i, t in enumerate(texts)})
