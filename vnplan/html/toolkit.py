"""The HTML toolkit the review report and the dashboard share: assets, labels in two languages,
escaping, the page shell, and how a citation's status and a target's value are shown."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from vnplan.models import LegalReference, Target
from vnplan.models.kinds import ENDED

LANGS = ("vi", "en")
# Colour classes of a citation, in the legend's order.
STATUSES = ("in_force", "amended", "outdated_issue", "outdated_now", "unknown")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
OUTDATED_KINDS = ("outdated_citation", "outdated_now")  # the two validity findings shown first
COMPARATORS = {">": "> ", ">=": "≥ ", "<=": "≤ ", "=": "", "increase_by": "+"}


@cache
def asset(name: str) -> str:
    """A file of ``vnplan/html/assets`` (CSS, JS, labels), read once."""
    return (files("vnplan.html") / "assets" / name).read_text("utf-8")


@cache
def labels() -> dict[str, list[str]]:
    """key → [Vietnamese, English]."""
    data = json.loads(asset("labels.json"))
    data.pop("_comment", None)
    return data


def esc(value: object) -> str:
    """Text (or anything printable) made safe for HTML content and quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def label(key: str, lang: str = "vi") -> str:
    """A label in ``lang`` as an element that the language switch can swap."""
    vi, en = labels()[key]
    shown = en if lang == "en" else vi
    return f'<span data-vi="{esc(vi)}" data-en="{esc(en)}">{esc(shown)}</span>'


def label_text(key: str, lang: str = "vi") -> str:
    vi, en = labels()[key]
    return en if lang == "en" else vi


def status_text(status: str, lang: str = "vi") -> str:
    """A validity status or event kind (``replaced`` …) in words of ``lang``."""
    key = f"status_{status}"
    return label_text(key, lang) if key in labels() else status


def script_json(data: object) -> str:
    """JSON safe inside <script type="application/json">: no '</script>' can close it early."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(title: str, lang: str, css: str, body: str, scripts: Iterable[str] = ()) -> str:
    """A complete HTML document with inline CSS and JS, and the VI | EN switch in ``body``."""
    js = "".join(f"<script>\n{code}\n</script>\n" for code in scripts if code)
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{asset('common.css')}{css}</style>\n</head>\n"
        f"<body>\n{body}\n{js}</body>\n</html>\n"
    )


def lang_switch(lang: str) -> str:
    return '<div class="langs">' + "".join(
        f'<button type="button" data-lang="{code}"{" class=on" if code == lang else ""}>'
        f"{code.upper()}</button>"
        for code in LANGS
    ) + "</div>"


# --- what a citation, a target, a number look like ------------------------------------------


def citation_status(ref: LegalReference) -> str:
    """The colour class of a citation: outdated at the plan's date beats outdated now beats amended."""
    v = ref.validity
    if v is None:
        return "unknown"
    if v.status_at_issue in ENDED:
        return "outdated_issue"
    if v.status_as_of in ENDED:
        return "outdated_now"
    if "amended" in (v.status_at_issue, v.status_as_of) or "partially_replaced" in (
        v.status_at_issue, v.status_as_of,
    ):
        return "amended"
    if v.status_at_issue == "in_force" or v.status_as_of == "in_force":
        return "in_force"
    return "unknown"


def citation_name(ref: LegalReference) -> str:
    number = ref.corrected_number or ref.number or ref.title or ref.surface
    return f"{ref.doc_type} {number}" if ref.doc_type and ref.number else number


def number(value: float | int | None, lang: str = "vi") -> str:
    """A number as Vietnamese (3.960.000; 95,5) or English (3,960,000; 95.5) print it."""
    if value is None:
        return ""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def target_value(target: Target, lang: str = "vi") -> str:
    """The canonical value: '≥ 95%', '98–100%', '+10%'."""
    unit = target.unit or ""
    gap = "" if unit == "%" or not unit else " "
    if target.comparator == "range" and target.value_max is not None:
        core = f"{number(target.value, lang)}–{number(target.value_max, lang)}"
    else:
        core = COMPARATORS.get(target.comparator, target.comparator + " ") + number(target.value, lang)
    return f"{core}{gap}{unit}"


# --- highlights ------------------------------------------------------------------------------
