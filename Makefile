# Two commands do all set-up on a fresh machine:
#   make demo   installs what is missing, then builds build/regenerative-therapies.{pdf,pptx}
#   make test   installs what is missing, then runs the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench lint system venv clean

system:
	bash scripts/system-deps.sh

$(BIN)/brochure: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

venv: $(BIN)/brochure

demo: system venv
	$(BIN)/brochure build data/regenerative-therapies.yaml --out build

test: system venv
	$(BIN)/ruff check builder tests bench
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: system venv
	$(BIN)/python bench/run.py

lint: venv
	$(BIN)/ruff check builder tests bench

clean:
	rm -rf build .venv *.egg-info
