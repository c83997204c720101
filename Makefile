# Two commands for a new user:  make run   and   make test.
# Both set up everything first (Debian packages, a virtualenv, vnplan itself).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp
DEBS   := tesseract-ocr tesseract-ocr-vie poppler-utils libreoffice-writer-nogui antiword \
          fonts-dejavu-core chromium
OUT    ?= out
# The sample plans are public material kept beside the project, read in place.
CORPUS ?= ../shared/corpus/plans

.PHONY: run test setup system-packages lint fixtures bench bench-dask fuzz clean

run: setup
	$(BIN)/vnplan batch $(CORPUS) -o $(OUT)

test: setup fixtures
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 tests

setup: system-packages $(STAMP)

# Debian packages vnplan calls at run time: Tesseract with the Vietnamese model (OCR),
# LibreOffice (DOC → DOCX, fixtures), poppler (pdftotext baseline), Chromium (report tests).
system-packages:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,serve,dask]'
	touch $(STAMP)

# Test fixtures (DOCX, PDF, scanned PDF, TCVN3 text) built reproducibly from corpora/.
fixtures: setup
	$(BIN)/python scripts/build_fixtures.py

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_locality.py

# Fuzzing at depth: the long Hypothesis profile, then seeded mutations of every reader's inputs
# through vnplan.extract for FUZZ_SECONDS (findings are saved in tests/fixtures/fuzz-crashes/,
# which make test replays). make fuzz FUZZ_SECONDS=60 FUZZ_SEED=2 for a short run.
FUZZ_SECONDS ?= 600
FUZZ_SEED    ?= 1
fuzz: setup fixtures
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q -p no:cacheprovider tests/e2e/test_fuzz.py
	$(BIN)/python scripts/fuzz.py --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED)

# Documents/s of the batch on Dask (1, 2, 4 workers) against the process pool, same files.
bench-dask: setup
	$(BIN)/python benchmarks/bench_dask.py

clean:
	rm -rf $(OUT) build *.egg-info tests/fixtures/generated
