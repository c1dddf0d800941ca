"""Territories of offices and regions on a date: EU, Benelux, OAPI membership and Madrid parties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pycountry

# Regional offices whose one title covers several countries (WIPO ST.3 codes).
REGIONS = {"EM": "EU", "BX": "Benelux", "OA": "OAPI", "AP": "ARIPO"}
# Offices that may appear on a trademark besides national ones.
TRADEMARK_REGIONAL_OFFICES = frozenset({"EM", "BX", "OA", "AP", "WO"})
# Offices that may appear on a patent besides national ones.
PATENT_REGIONAL_OFFICES = frozenset({"EP", "WO", "EA", "AP", "OA"})
# Market codes that stand for a group of countries; `EU` expands to the EU members on the date.
MARKET_GROUPS = {"EU": "EM"}


@dataclass(frozen=True, slots=True)
class Membership:
    """`country` belongs to `region` from `start` to `end`, both inclusive; None means open."""

    region: str
    country: str
    start: dt.date | None = None
    end: dt.date | None = None

    def active(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class MadridMember:
    """A Madrid Protocol party; `verified` is False where sources disagree (warn before designating)."""

    code: str
    in_force: dt.date | None
    verified: bool = True


@lru_cache(maxsize=512)
def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 country code (upper case)."""
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def country_name(code: str, locale: str = "en") -> str:
    """Name of a country or office code in English or Chinese (zh), the code itself when unknown."""
    names = _REGION_NAMES.get(code)
    if names:
        return names[1] if locale.startswith("zh") else names[0]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    if locale.startswith("zh"):
        import gettext

        try:
            zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
            return zh.gettext(country.name)
        except OSError:
            return str(country.name)
    return str(getattr(country, "common_name", None) or country.name)


_REGION_NAMES = {
    "EM": ("European Union (EUIPO)", "欧盟（欧盟知识产权局）"),
    "EU": ("European Union", "欧盟"),
    "BX": ("Benelux (BOIP)", "比荷卢（比荷卢知识产权局）"),
    "OA": ("OAPI", "非洲知识产权组织（OAPI）"),
    "AP": ("ARIPO", "非洲地区知识产权组织（ARIPO）"),
    "WO": ("WIPO (Madrid / PCT)", "世界知识产权组织（马德里/PCT）"),
    "EP": ("European Patent Office", "欧洲专利局"),
    "EA": ("Eurasian Patent Office", "欧亚专利局"),
}


class Geography:
    """Which countries each office's title reaches on a date, and who is a Madrid party."""

    def __init__(
        self,
        memberships: Iterable[Membership],
        madrid: Iterable[MadridMember],
        sales_regions: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self._sales = dict(sales_regions or {})
        self._memberships: dict[str, list[Membership]] = {}
        for m in memberships:
            self._memberships.setdefault(m.region, []).append(m)
        self._madrid = {m.code: m for m in madrid}
        self._cache: dict[tuple[str, dt.date], frozenset[str]] = {}

    def members(self, region: str, on: dt.date) -> frozenset[str]:
        """Countries of `region` (EM, BX, OA, AP) on the date `on`."""
        key = (region, on)
        if key not in self._cache:
            rows = self._memberships.get(region, [])
            self._cache[key] = frozenset(m.country for m in rows if m.active(on))
        return self._cache[key]

    def territory(self, office: str, on: dt.date) -> frozenset[str]:
        """Countries a right from `office` reaches on `on` (a national office reaches itself)."""
        if office in REGIONS:
            return self.members(office, on)
        if office == "EU":
            return self.members("EM", on)
        return frozenset({office}) if is_country(office) else frozenset()

    def expand_markets(self, markets: Iterable[str], on: dt.date) -> list[str]:
        """Country codes of `markets`, with `EU` expanded to the EU members on `on`; sorted, unique."""
        out: set[str] = set()
        for code in markets:
            if code in MARKET_GROUPS:
                out |= self.members(MARKET_GROUPS[code], on)
            else:
                out.add(code)
        return sorted(out)

    def region_members(self, code: str, on: dt.date) -> frozenset[str]:
        """Countries of an office region (EM or EU, BX, OA, AP) or of a sales region on `on`."""
        code = MARKET_GROUPS.get(code, code)
        if code in self._memberships:
            return self.members(code, on)
        return self._sales.get(code, frozenset())

    def regions_of(self, country: str, on: dt.date) -> list[str]:
        """Regional offices (EM, BX, OA, AP) whose titles reach `country` on `on`."""
        return [r for r in self._memberships if country in self.members(r, on)]

    def madrid_member(self, code: str, on: dt.date) -> MadridMember | None:
        """The Madrid party `code` when the Protocol is in force for it on `on`."""
        member = self._madrid.get(code)
        if member is None or (member.in_force is not None and member.in_force > on):
            return None
        return member

    def madrid_routes(self, country: str, on: dt.date) -> list[MadridMember]:
        """Madrid parties whose designation reaches `country` on `on` (itself, EM, BX, OA)."""
        codes = [country, *self.regions_of(country, on)]
        return [m for c in codes if (m := self.madrid_member(c, on)) is not None]

    def is_market(self, code: str) -> bool:
        """True for a country code or a market group such as EU."""
        return code in MARKET_GROUPS or is_country(code)

    def is_trademark_office(self, code: str) -> bool:
        return code in TRADEMARK_REGIONAL_OFFICES or is_country(code)

    def is_patent_office(self, code: str) -> bool:
        return code in PATENT_REGIONAL_OFFICES or is_country(code)

    def is_designation(self, code: str) -> bool:
        """True for a party a Madrid registration may designate (a country, EM, BX or OA)."""
        return code in {"EM", "BX", "OA"} or is_country(code)
