"""``vnplan locality "xã Tân Bình, huyện Vĩnh Cửu, tỉnh Đồng Nai"``: official codes and what a
unit became in the reorganisation of 2025-07-01."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from vnplan.cli.app import fail

_LEVELS = (("commune", ("xã", "phường", "thị trấn", "đặc khu")),
           ("district", ("huyện", "quận", "thị xã")),
           ("province", ("tỉnh", "thành phố trung ương")))


def register(app: typer.Typer) -> None:
    app.command("locality")(locality_command)


def parse_place(text: str) -> dict[str, str | None]:
    """"xã Tân Bình, huyện Vĩnh Cửu, tỉnh Đồng Nai" → {commune, district, province}. A
    "thành phố" is a province when it is the last part, else a district."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    found: dict[str, str | None] = {"commune": None, "district": None, "province": None}
    for i, part in enumerate(parts):
        folded = part.casefold()
        level = next((lv for lv, kinds in _LEVELS if folded.startswith(kinds)), None)
        if level is None and folded.startswith(("thành phố", "tp")):
            level = "province" if i == len(parts) - 1 else "district"
        if level is None:
            level = "province" if i == len(parts) - 1 else "commune"
        found[level] = part
    return found


def locality_command(
    place: Annotated[str, typer.Argument(help='e.g. "xã Tân Bình, huyện Vĩnh Cửu, tỉnh Đồng Nai"')],
    on: Annotated[str | None, typer.Option("--date", help="the date the names are read at "
                                           "(YYYY-MM-DD; default: before 2025-07-01)")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="successors as of DATE "
                                              "(YYYY-MM-DD; default today)")] = None,
    output: Annotated[str, typer.Option("--format", help="table | json")] = "table",
) -> None:
    """Print the official codes of a locality and the units that cover it now."""
    from vnplan.extractors.locality import resolve_locality
    from vnplan.models import Locality

    try:
        day = date.fromisoformat(on) if on else date(2025, 6, 30)
        check = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise fail(None, "--date and --as-of take dates like 2024-01-31") from None
    locality, findings = resolve_locality(Locality(**parse_place(place)), day, check)
    if output == "json":
        payload = {"locality": locality.model_dump(mode="json"),
                   "findings": [f.model_dump(mode="json", exclude_none=True) for f in findings]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for level in ("commune", "district", "province"):
            name, code = getattr(locality, level), getattr(locality, f"{level}_code")
            if name:
                typer.echo(f"{level:<9} {name:<32} {code or '(not resolved)'}")
        for s in locality.successors:
            typer.echo(f"now       {s.name:<32} {s.code}  ({s.level}, {s.share})")
        for f in findings:
            typer.echo(f"note      {f.message}")
    if not (locality.province_code or locality.district_code or locality.commune_code):
        raise typer.Exit(1)
