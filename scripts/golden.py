#!/usr/bin/env python3
"""Golden files, deliberately: never a side effect of running tests.

    python scripts/golden.py draft STEM PART     # print what vnplan extracts now, for review
    python scripts/golden.py set STEM PART FILE  # store a reviewed part (JSON file) in golden/

A draft is a starting point for a person to check line by line against the source document;
only what was checked goes into golden/ (see golden/README.md), and the commit that changes a
golden file says why.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from goldenlib import GOLDEN, dumps, project, record_json


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "draft":
        stem, part = argv[1], argv[2]
        print(dumps(project(record_json(stem)[part])))
        return 0
    if len(argv) == 4 and argv[0] == "set":
        stem, part, source = argv[1:]
        value = json.loads(Path(source).read_text(encoding="utf-8"))
        path = GOLDEN / f"{stem}.json"
        with open(GOLDEN / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # several reviewers may store parts at once
            golden = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            golden[part] = value
            path.write_text(dumps(golden) + "\n", encoding="utf-8")
        print(f"stored {part} in {path}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
