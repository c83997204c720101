"""``vnplan schema``: the record's JSON Schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from vnplan.models import PlanRecord
from vnplan.outputs.atomic import write_atomic


def register(app: typer.Typer) -> None:
    app.command("schema")(schema_command)


def schema_command(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write it here.")] = None,
) -> None:
    """Print the JSON Schema of the record (PlanRecord)."""
    payload = schema_json()
    if output is None:
        sys.stdout.write(payload)
    else:
        write_atomic(output, payload.encode("utf-8"))


def schema_json() -> str:
    """The record's JSON Schema, as committed in ``schema/plan-record.schema.json``."""
    schema = PlanRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vnplan.example/schema/plan-record.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
