# Two commands do all set-up on a fresh machine:
#   make demo   installs what building needs, then builds build/regenerative-therapies.{pdf,pptx}
#   make test   installs what the tests need too, then runs the test suite
# SKIP_SYSTEM_DEPS=1 skips the system step (scripts/system-deps.sh) on a machine managed by
# someone else; `bash scripts/system-deps.sh --dry-run test` says what it would install.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STEP   := bash scripts/step.sh

.PHONY: demo test bench lint system-build system-test venv clean

system-build:
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh build

system-test:
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh test

$(BIN)/brochure: pyproject.toml
	@$(STEP) "creating $(VENV)" $(PYTHON) -m venv $(VENV)
	@$(STEP) "updating pip" $(BIN)/python -m pip install --upgrade pip
	@$(STEP) "installing brochure and its Python dependencies" $(BIN)/python -m pip install -e '.[dev]'
	@touch $@

venv: $(BIN)/brochure

demo: system-build venv
	$(BIN)/brochure build data/regenerative-therapies.yaml --out build

test: system-test venv
	$(BIN)/ruff check builder tests bench scripts
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto --dist loadfile

bench: system-test venv
	$(BIN)/python bench/run.py

lint: venv
	$(BIN)/ruff check builder tests bench scripts

clean:
	rm -rf build .venv *.egg-info
