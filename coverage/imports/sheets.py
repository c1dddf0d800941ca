"""The sheets of the import contract (DESIGN.md): their names, keys, required columns, the other
headers accepted for each column (English and Chinese), and the parser of a row.

`watch` is optional: a file without it changes no watch term (coverage.imports.watchterms)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coverage.imports.validation import parse_patent, parse_product, parse_trademark
from coverage.imports.watchterms import parse_watch_term


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the contract: accepted names, its key, required columns and header aliases."""

    names: tuple[str, ...]
    key: tuple[str, ...]
    required: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]  # canonical column -> other accepted headers
    parse: Callable[..., Any]
    optional: bool = False  # a file may leave the sheet out


def _aliases(text: str) -> dict[str, tuple[str, ...]]:
    """Parse "column: alias, alias | column: ..." into canonical column -> aliases."""
    out: dict[str, tuple[str, ...]] = {}
    for part in text.split("|"):
        name, _, rest = part.partition(":")
        out[name.strip()] = tuple(a.strip() for a in rest.split(",") if a.strip())
    return out


SHEETS: dict[str, SheetSpec] = {
    "products": SheetSpec(
        ("products", "product", "产品", "产品表"),
        ("product_id",),
        ("product_id", "name", "brand", "nice_classes", "markets"),
        _aliases(
            "product_id: product code, product no, 产品编号, 产品代码, 产品型号, 型号, 编号"
            "| name: product name, 名称, 产品名称 | name_zh: chinese name, 中文名称, 中文名"
            "| brand: 品牌 | nice_classes: nice class, classes, class, 尼斯分类, 类别, 商标类别, 分类"
            "| markets: market, countries, 市场, 销售市场, 目标市场"
            "| description: 描述, 产品描述, 说明, 备注"
        ),
        parse_product,
    ),
    "patents": SheetSpec(
        ("patents", "patent", "专利", "专利表"),
        ("office", "patent_no"),
        ("patent_no", "office", "kind", "status", "filing_date"),
        _aliases(
            "patent_no: patent number, application no, 专利号, 申请号, 专利申请号"
            "| office: country, 局, 国家, 国家/地区, 受理局 | kind: type, 类型, 专利类型, 种类"
            "| status: 状态, 法律状态 | filing_date: filing date, application date, 申请日, 申请日期"
            "| grant_date: 授权日, 授权公告日, 授权日期 | priority_date: 优先权日"
            "| expiry_date: 到期日, 届满日 | annuity_paid_until: 年费缴至, 年费缴纳至"
            "| title: 名称, 专利名称, 发明名称, 标题 | family_id: family, 同族, 同族号, 专利族"
            "| products: product_ids, 产品, 关联产品, 产品编号"
            "| designations: validated states, 指定国, 生效国, 生效国家, 指定国家"
        ),
        parse_patent,
    ),
    "trademarks": SheetSpec(
        ("trademarks", "trademark", "商标", "商标表"),
        ("office", "tm_no"),
        ("tm_no", "office", "brand", "nice_classes", "status", "filing_date"),
        _aliases(
            "tm_no: trademark no, registration no, 注册号, 申请号, 商标号, 申请/注册号"
            "| office: country, 局, 国家, 国家/地区, 注册地 | brand: 品牌"
            "| mark_text: mark, 商标, 商标名称, 商标文字 | mark_image: logo, image, 商标图样, 图样"
            "| nice_classes: nice class, classes, class, 类别, 尼斯分类, 国际分类, 类"
            "| status: 状态, 法律状态, 商标状态 | filing_date: filing date, 申请日, 申请日期"
            "| registration_date: 注册日, 注册日期, 注册公告日"
            "| expiry_date: expiry, 到期日, 专用权期限, 有效期至, 届满日"
            "| designations: designated parties, 指定国, 指定国家, 指定缔约方, 领土延伸"
            "| basic_mark: basic registration, 基础商标, 基础注册, 国内基础商标"
        ),
        parse_trademark,
    ),
    "watch": SheetSpec(
        ("watch", "watch terms", "watchlist", "watch list", "监控词", "监测词", "监控名单"),
        ("brand", "kind", "text"),
        ("brand", "kind", "text"),
        _aliases(
            "brand: 品牌 | kind: type, 类型, 种类 | text: term, word, 文字, 词, 词语, 内容"
            "| note: notes, comment, remark, 备注, 说明"
        ),
        parse_watch_term,
        optional=True,
    ),
}
