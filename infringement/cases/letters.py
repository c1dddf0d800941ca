"""The complaint letter of a platform complaint, in Chinese and English, filled from the case.

A plain notice of the kind a legal officer sends to Alibaba IPP, JD, Pinduoduo, Douyin or
Amazon: the complainant and contact, the registrations relied on (number, office, classes,
validity), the listings (a sample; all of them in the annex spreadsheet), the evidence and
its hashes, the request (E-Commerce Law art. 42 for the Chinese platforms), the good-faith
statement, the annexes. Parts only a person can fill in are marked 【…】 / […]. A draft,
not legal advice.
"""

from __future__ import annotations

import datetime as dt

from coverage.messages import Message, msg
from infringement.cases.pack_content import (
    MAX_LISTINGS_PER_SHEET,
    Letters,
    ListingItem,
    PackContent,
    RegistrationItem,
    listing_sheet_names,
)
from infringement.cases.platforms import Platform, find_platform

SAMPLE = 20  # listings named in the letter itself; all of them are in the annex
TITLE_CHARS = 80
HOLDER_ZH, HOLDER_EN = "【权利人全称】", "[full name of the rights holder]"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
STATUS_ZH = {
    "registered": "已注册",
    "pending": "申请中",
    "refused": "已驳回",
    "opposed": "异议中",
    "expired": "已过期",
    "cancelled": "已撤销",
    "withdrawn": "已撤回",
}


def letter_problems(content: PackContent) -> list[Message]:
    """What the addressee is known to refuse: Amazon and eBay take no CN registration alone."""
    platform = find_platform(content.case.platform)
    offices = {reg.office for reg in content.registrations}
    if not platform.chinese and offices == {"CN"}:
        return [
            msg(
                "%(platform)s does not accept a CN registration alone: add a registration "
                "of the marketplace's country",
                platform=platform.en,
            )
        ]
    return []


def compose_letters(content: PackContent, *, on: dt.date) -> Letters:
    """The Chinese and English letters for `content`, dated `on`."""
    platform = find_platform(content.case.platform)
    return Letters(zh=_letter_zh(content, platform, on), en=_letter_en(content, platform, on))


def _one_line(text: str | None, limit: int = TITLE_CHARS) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _sheets(count: int) -> str:
    return "、".join(listing_sheet_names(count))


def _brand(content: PackContent) -> str:
    return content.case.brand or (
        content.registrations[0].brand if content.registrations else "【商标】"
    )


def _date_zh(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "不详"


def _date_en(day: dt.date | None) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "unknown"


def _registration_zh(n: int, reg: RegistrationItem) -> str:
    classes = "、".join(str(c) for c in reg.classes) or "【类别】"
    office = reg.office_name_zh or reg.office_name_en or reg.office
    return (
        f"{n}. 第{reg.number}号“{reg.mark or reg.brand}”商标，注册机关：{office}（{reg.office}），"
        f"核定使用类别：第{classes}类，注册日：{_date_zh(reg.registration_date)}，"
        f"有效期至：{_date_zh(reg.expiry_date)}，状态：{STATUS_ZH.get(reg.status, reg.status)}。"
    )


def _registration_en(n: int, reg: RegistrationItem) -> str:
    label = "Class" if len(reg.classes) == 1 else "Classes"
    classes = ", ".join(str(c) for c in reg.classes) or "[classes]"
    office = reg.office_name_en or reg.office
    return (
        f"{n}. “{reg.mark or reg.brand}”, registration No. {reg.number}, {office} ({reg.office}), "
        f"{label} {classes}, registered on {_date_en(reg.registration_date)}, valid until "
        f"{_date_en(reg.expiry_date)}, status: {reg.status}."
    )


def _listing_line(n: int, item: ListingItem, seller_label: str) -> str:
    """`  1. URL  title (seller: …)`; `seller_label` brings its brackets: `（店铺：%s）`."""
    seller = " " + seller_label % _one_line(item.seller, 40) if item.seller else ""
    return f"  {n}. {item.url}  {_one_line(item.title)}{seller}"


def _letter_zh(content: PackContent, platform: Platform, on: dt.date) -> str:
    case, count = content.case, len(content.listings)
    regs = [_registration_zh(n, r) for n, r in enumerate(content.registrations, start=1)]
    law = "（《中华人民共和国商标法》第五十七条）" if platform.chinese else ""
    request = (
        "根据《中华人民共和国电子商务法》第四十二条，请贵平台及时对上述链接采取删除、屏蔽、"
        "断开链接等必要措施，并将本通知转送相关平台内经营者。"
        if platform.chinese
        else "请贵平台依据其知识产权政策及时删除上述链接，并将本通知转送相关卖家。"
    )
    sample = [
        _listing_line(n, i, "（店铺：%s）") for n, i in enumerate(content.listings[:SAMPLE], 1)
    ]
    if count > SAMPLE:
        sample.append(f"  （其余{count - SAMPLE}个链接见附件。）")
    lines = [
        "商标侵权投诉函",
        "",
        f"致：{platform.zh}",
        f"日期：{_date_zh(on)}",
        f"事由：关于{count}个商品链接侵犯“{_brand(content)}”注册商标专用权的投诉"
        f"（本方案件编号 #{case.case_id}：{_one_line(case.title)}）",
        "",
        f"投诉人：{HOLDER_ZH}（下列注册商标的权利人）",
        f"联系人：{case.owner or '【联系人及联系方式】'}",
        "",
        "一、权利基础",
        "投诉人依法享有下列注册商标专用权，且均在有效期内：",
        *(regs or ["【请补充投诉所依据的注册商标】"]),
        "（注册信息见附件 registrations.xlsx / registrations.csv。）",
        "",
        "二、被投诉的商品链接",
        f"经投诉人核查，贵平台上共有{count}个商品链接（完整清单见附件 {_sheets(count)}，"
        f"每份不超过{MAX_LISTINGS_PER_SHEET}个链接）在商品标题、图片或描述中使用了与投诉人上述"
        "注册商标相同或近似的标识，并用于相同或类似商品，容易导致相关公众混淆，"
        f"涉嫌侵犯投诉人的注册商标专用权{law}。",
        *(["部分链接如下：", *sample] if sample else []),
        "",
        "三、初步证据",
        "投诉人在发现上述链接时保存了商品页面和图片，并记录了截取时间、网址和SHA-256哈希值"
        "（见附件 evidence/ 目录、evidence.csv 和 manifest.csv）。文件保存后未作任何改动，"
        "可通过哈希值核对。",
        "",
        "四、投诉请求",
        request,
        "",
        "五、声明",
        "投诉人保证本通知内容真实、准确、完整；如因通知错误给平台内经营者造成损害，"
        "投诉人将依法承担民事责任。",
        "",
        "附件：",
        f"1. 被投诉链接清单：{_sheets(count)}（全部链接另见 listings.csv）",
        "2. 注册商标信息：registrations.xlsx（另附 registrations.csv）",
        "3. 证据文件：evidence/ 目录及 evidence.csv",
        "4. 文件清单及哈希值：manifest.csv",
        "",
        f"投诉人（盖章）：{HOLDER_ZH}",
        f"日期：{_date_zh(on)}",
        "",
        "——",
        "本函是 ipwatch 根据案件资料生成的草稿，发送前请由法务人员核对，并补充【】中的内容。"
        "本函不构成法律意见。",
    ]
    return "\n".join(lines) + "\n"


def _letter_en(content: PackContent, platform: Platform, on: dt.date) -> str:
    case, count = content.case, len(content.listings)
    regs = [_registration_en(n, r) for n, r in enumerate(content.registrations, start=1)]
    law = (
        " (Article 57 of the Trademark Law of the People's Republic of China)"
        if platform.chinese
        else ""
    )
    request = (
        "Under Article 42 of the E-Commerce Law of the People's Republic of China, we request "
        "that you promptly take the necessary measures (removing or blocking the listings, or "
        "disabling the links to them) and forward this notice to the sellers concerned."
        if platform.chinese
        else "We request that you promptly remove the listings under your intellectual property "
        "policy and forward this notice to the sellers concerned."
    )
    sample = [
        _listing_line(n, i, "(seller: %s)") for n, i in enumerate(content.listings[:SAMPLE], 1)
    ]
    if count > SAMPLE:
        sample.append(f"  (the other {count - SAMPLE} listings are in the annex)")
    listings = "listing" if count == 1 else "listings"
    lines = [
        "TRADEMARK INFRINGEMENT NOTICE",
        "",
        f"To: {platform.en}",
        f"Date: {_date_en(on)}",
        f"Re: {count} {listings} infringing the registered trademark “{_brand(content)}” "
        f"(our case #{case.case_id}: {_one_line(case.title)})",
        "",
        f"Complainant: {HOLDER_EN}, owner of the registered trademarks below",
        f"Contact: {case.owner or '[contact person and details]'}",
        "",
        "1. Rights relied on",
        "The complainant owns the following registered trademarks, all in force:",
        *(regs or ["[add the registered trademarks the complaint relies on]"]),
        "(Details in the annex registrations.xlsx / registrations.csv.)",
        "",
        "2. Listings complained of",
        f"The complainant has found {count} {listings} on your platform (the full list is in "
        f"the annex {', '.join(listing_sheet_names(count))}, at most "
        f"{MAX_LISTINGS_PER_SHEET} listings per file) that use a sign identical or similar to "
        "the trademarks above on identical or similar goods. This is likely to confuse the "
        "public and infringes the complainant's exclusive right to use its registered "
        f"trademarks{law}.",
        *(["Some of the listings:", *sample] if sample else []),
        "",
        "3. Preliminary evidence",
        "Each listing's page and pictures were saved when found, with the time of capture, the "
        "URL and the SHA-256 hash (annex evidence/, evidence.csv and manifest.csv). The files "
        "have not been changed since, which the hashes let anyone check.",
        "",
        "4. Request",
        request,
        "",
        "5. Statement",
        "The complainant declares in good faith that the information in this notice is true, "
        "accurate and complete, and accepts civil liability under the law for any harm an "
        "erroneous notice causes to the sellers.",
        "",
        "Annexes:",
        f"1. Listings complained of: {', '.join(listing_sheet_names(count))} (all of them also "
        "in listings.csv)",
        "2. Registered trademarks: registrations.xlsx (also registrations.csv)",
        "3. Evidence files: the evidence/ folder and evidence.csv",
        "4. File list with hashes: manifest.csv",
        "",
        f"Signed: {HOLDER_EN} (seal)",
        f"Date: {_date_en(on)}",
        "",
        "--",
        "Draft generated by ipwatch from the case file: have it checked by legal staff and fill "
        "in the parts in [ ] before sending. It is not legal advice.",
    ]
    return "\n".join(lines) + "\n"
