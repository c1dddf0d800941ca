"""The Excel template for the portfolio import: the sheets with example rows and a help sheet.

Row 1 of each sheet holds the canonical English headers (the importer also accepts the Chinese
ones listed on the help sheet); each header carries a bilingual comment. The `watch` sheet
(aliases, extra terms, exclusions per brand) is optional; the help sheet says how it replaces.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from coverage.imports.sheets import SHEETS
from coverage.models import (
    DesignationStatus,
    PatentKind,
    PatentStatus,
    TrademarkStatus,
    WatchTermKind,
)

HELP_SHEET = "说明 help"
_LAST_ROW = 2000  # rows that get the drop-down lists

# column -> (meaning in English, 说明, allowed values / example)
_COLUMNS: dict[str, dict[str, tuple[str, str, str]]] = {
    "products": {
        "product_id": ("Your own product code (the key)", "公司内部产品编号（唯一）", "P001"),
        "name": ("Product name, any language", "产品名称", "Cordless drill"),
        "name_zh": ("Chinese name (optional)", "中文名称（选填）", "无绳电钻"),
        "brand": (
            "Brand the product is sold under; trademarks with the same brand protect it",
            "销售所用品牌；同一品牌的商标保护该产品",
            "KANGDA",
        ),
        "nice_classes": (
            "Nice classes 1-45 the product falls in",
            "尼斯分类（1-45），用 ; 分隔",
            "7;8",
        ),
        "markets": (
            "Where it is sold: ISO country codes, or EU for every EU member state",
            "销售市场：ISO 国家代码，EU 表示全部欧盟成员国",
            "CN;EU;US;VN",
        ),
        "description": ("Description (optional)", "描述（选填）", ""),
    },
    "patents": {
        "patent_no": (
            "Application or patent number as the office writes it",
            "专利号或申请号（按受理局格式）",
            "ZL202010012345.6",
        ),
        "office": (
            "ISO code of a national office, EP (European patent) or WO (PCT)",
            "受理局：国家代码，EP（欧洲专利）或 WO（PCT）",
            "CN",
        ),
        "kind": (
            "invention, utility_model or design",
            "类型：发明 / 实用新型 / 外观设计",
            ", ".join(PatentKind),
        ),
        "status": ("Legal status", "法律状态", ", ".join(PatentStatus)),
        "filing_date": ("Filing date, YYYY-MM-DD", "申请日（YYYY-MM-DD）", "2020-03-01"),
        "grant_date": ("Grant date (optional)", "授权日（选填）", "2022-05-10"),
        "priority_date": ("Priority date (optional)", "优先权日（选填）", ""),
        "title": ("Title (optional)", "专利名称（选填）", "Battery pack latch"),
        "family_id": ("Patent family (optional)", "同族编号（选填）", ""),
        "products": (
            "product_ids that practise the patent",
            "实施该专利的产品编号，用 ; 分隔",
            "P001",
        ),
        "designations": ("For EP: states where it was validated", "仅 EP：生效国家", "DE;FR;IT"),
    },
    "trademarks": {
        "tm_no": ("Application or registration number", "申请号或注册号", "12345678"),
        "office": (
            "ISO code of a national office, EM (EUIPO), BX (Benelux), OA (OAPI) or WO (Madrid)",
            "注册地：国家代码，EM、BX、OA 或 WO（马德里）",
            "CN",
        ),
        "brand": ("Brand key; matches products.brand", "品牌，与产品表的 brand 对应", "KANGDA"),
        "mark_text": ("Words of the mark (empty for a logo)", "商标文字（图形商标留空）", "KANGDA"),
        "mark_image": (
            "Logo file, relative to the workbook (optional)",
            "商标图样文件路径（相对于本文件，选填）",
            "",
        ),
        "nice_classes": ("Classes in the specification", "核定使用类别", "7;8"),
        "status": ("Legal status", "法律状态", ", ".join(TrademarkStatus)),
        "filing_date": ("Filing date, YYYY-MM-DD", "申请日（YYYY-MM-DD）", "2014-06-07"),
        "registration_date": ("Registration date (optional)", "注册日（选填）", "2015-06-07"),
        "expiry_date": (
            "Expiry; derived from the office's rule when empty",
            "到期日；留空时按该局规则推算",
            "",
        ),
        "designations": (
            "For WO: designated parties with status; a bare code is pending",
            "仅 WO：指定缔约方及状态，只写代码表示审查中",
            "US:protected;JP:refused;VN (" + ", ".join(DesignationStatus) + ")",
        ),
        "basic_mark": (
            "For WO: tm_no of the basic (home) mark",
            "仅 WO：基础商标的注册号",
            "12345678",
        ),
    },
    "watch": {
        "brand": ("Brand key; a brand of the trademarks", "品牌，须有该品牌的商标", "KANGDA"),
        "kind": (
            "alias (another name of the brand), term (an extra word to watch) or exclusion "
            "(a word that silences alerts, e.g. an authorised seller's shop name)",
            "类型：别名 / 监控词 / 排除（如授权经销商店铺名、只会引起误报的词）",
            ", ".join(WatchTermKind),
        ),
        "text": ("The alias, term or excluded word", "别名、监控词或排除词", "康达"),
        "note": ("Note (optional)", "备注（选填）", ""),
    },
}

EXAMPLES: dict[str, list[list[object]]] = {
    "products": [["P001", "Cordless drill", "无绳电钻", "KANGDA", "7;8", "CN;EU;US;VN", ""]],
    "patents": [
        [
            "ZL202010012345.6",
            "CN",
            "invention",
            "granted",
            "2020-03-01",
            "2022-05-10",
            "",
            "Battery pack latch",
            "",
            "P001",
            "",
        ]
    ],
    "trademarks": [
        [
            "12345678",
            "CN",
            "KANGDA",
            "KANGDA",
            "",
            "7;8",
            "registered",
            "2014-06-07",
            "2015-06-07",
            "",
            "",
            "",
        ],
        [
            "1234567",
            "WO",
            "KANGDA",
            "KANGDA",
            "",
            "7",
            "registered",
            "2016-01-05",
            "2016-01-05",
            "",
            "US:protected;JP:refused;VN",
            "12345678",
        ],
    ],
    "watch": [
        ["KANGDA", "alias", "康达", "Chinese name"],
        ["KANGDA", "exclusion", "康达五金旗舰店", "authorised seller / 授权经销商"],
    ],
}
# The optional watch sheet, as the help sheet explains it.
WATCH_HELP = (
    "Optional sheet watch: each brand's aliases, extra terms to watch and exclusions. For a brand "
    "it names, it is the full list: the brand's terms missing from it are removed. Brands it does "
    "not name keep theirs; a file without it changes no watch term (remove all of a brand's terms "
    "on the watch-list page). / 可选工作表 watch：每个品牌的别名、额外监控词和排除词。表中出现的"
    "品牌以本表为准，未列出的词会被删除；未出现的品牌保留原有的词；没有 watch 工作表时不改动任何"
    "监控词（删除某品牌的全部词请在监控名单页面操作）。"
)

_LISTS: dict[tuple[str, str], list[str]] = {
    ("patents", "kind"): [v.value for v in PatentKind],
    ("patents", "status"): [v.value for v in PatentStatus],
    ("trademarks", "status"): [v.value for v in TrademarkStatus],
    ("watch", "kind"): [v.value for v in WatchTermKind],
}
_BOLD = Font(bold=True)
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")


def build_template() -> bytes:
    """Return the import template as .xlsx bytes; its example rows import without problems."""
    book = Workbook()
    book.remove(book.active)
    for sheet_name, columns in _COLUMNS.items():
        sheet = book.create_sheet(sheet_name)
        sheet.append(list(columns))
        for row in EXAMPLES[sheet_name]:
            sheet.append(row)
        _style_header(sheet, sheet_name, columns)
        _add_lists(sheet, sheet_name, list(columns))
    _add_help(book.create_sheet(HELP_SHEET))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _style_header(
    sheet: Worksheet, sheet_name: str, columns: dict[str, tuple[str, str, str]]
) -> None:
    spec = SHEETS[sheet_name]
    for index, (name, (meaning, zh, _)) in enumerate(columns.items(), start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = _BOLD
        if name in spec.required:
            cell.fill = _REQUIRED
        aliases = "、".join(a for a in spec.columns[name] if not a.isascii())
        cell.comment = Comment(
            f"{meaning}\n{zh}" + (f"\n中文列名：{aliases}" if aliases else ""),
            "ipwatch",
            width=320,
            height=110,
        )
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(name) + 4)
    sheet.freeze_panes = "A2"


def _add_lists(sheet: Worksheet, sheet_name: str, columns: list[str]) -> None:
    for (owner, column), values in _LISTS.items():
        if owner != sheet_name:
            continue
        letter = get_column_letter(columns.index(column) + 1)
        # A warning, not a stop: the Chinese values (发明, 已注册 ...) are accepted as well.
        check = DataValidation(
            type="list",
            formula1='"' + ",".join(values) + '"',
            allow_blank=True,
            errorStyle="warning",
            showErrorMessage=True,
            error="Use a value from the list (or its Chinese name).",
            errorTitle="ipwatch",
        )
        check.add(f"{letter}2:{letter}{_LAST_ROW}")
        sheet.add_data_validation(check)


def _add_help(sheet: Worksheet) -> None:
    sheet.append(["ipwatch portfolio import / ipwatch 组合导入"])
    sheet.append(
        [
            "Fill in the sheets products, patents and trademarks (watch is optional); keep row 1 "
            "as it is. Lists: separate with ; (also ；, ，). Dates: YYYY-MM-DD. Yellow headers are "
            "required. / 填写 products、patents、trademarks 三个工作表（watch 可选），第 1 行列名"
            "不要改。多个值用 ; 分隔（也可用 ；，），日期写成 YYYY-MM-DD，黄色列必填。"
        ]
    )
    sheet.append([])
    sheet.append(
        [
            "sheet 工作表",
            "column 列名",
            "中文列名",
            "required 必填",
            "meaning",
            "说明",
            "allowed values / example 取值或示例",
        ]
    )
    for sheet_name, columns in _COLUMNS.items():
        spec = SHEETS[sheet_name]
        for name, (meaning, zh, example) in columns.items():
            aliases = "、".join(a for a in spec.columns[name] if not a.isascii())
            required = "yes 是" if name in spec.required else ""
            sheet.append([sheet_name, name, aliases, required, meaning, zh, example])
    sheet.append([])
    sheet.append([WATCH_HELP])
    last = sheet.max_row
    sheet.merge_cells(f"A{last}:G{last}")
    sheet[f"A{last}"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[last].height = 75
    for cell in sheet[4]:
        cell.font = _BOLD
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A2:G2")
    sheet.row_dimensions[2].height = 60
    for letter, width in zip("ABCDEFG", (12, 20, 28, 12, 60, 44, 48), strict=True):
        sheet.column_dimensions[letter].width = width
