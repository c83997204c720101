"""Write every document's record as canonical JSON, to check that a change keeps them identical.

    python scripts/record_digest.py OUT_DIR FOLDER...      # one OUT_DIR/<name>.json per document
    diff -r before/ after/                                   # byte-identical or not

Records are made as of a fixed date and with ``source.path`` reduced to the file name, so the
same document read from another folder gives the same bytes.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from vnplan import ExtractOptions, extract

AS_OF = date(2026, 11, 23)


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for folder in map(Path, argv[1:]):
        for path in sorted(folder.iterdir()):
            if path.name == "README.md" or not path.is_file():
                continue
            try:
                data = extract(path, ExtractOptions(as_of=AS_OF)).model_dump(mode="json")
                data["source"]["path"] = path.name
            except Exception as exc:  # the error itself is part of what must not change
                data = {"error": f"{type(exc).__name__}: {exc}"}
            text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
            (out / f"{path.name}.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
