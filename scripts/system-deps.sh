#!/usr/bin/env bash
# Installs the system software brochure needs, and only what is missing (Debian/Ubuntu, apt).
#
#   bash scripts/system-deps.sh build        what `make demo` needs: building a PDF and a deck
#   bash scripts/system-deps.sh test         build + the test clients (`make test`, CI)
#   bash scripts/system-deps.sh --dry-run test   say what would be installed; install nothing
#   bash scripts/system-deps.sh --list test      the needs of a group, one per line
#   SKIP_SYSTEM_DEPS=1 ...                   skip this step (a machine someone else manages)
#
# Each need is declared by WHAT IS CHECKED (a command on PATH, a shared library that the dynamic
# linker finds, a font family fontconfig knows, a file, a Python module), never by a package
# name: a machine that has the software some other way (LibreOffice as the -nogui packages, a
# hand-built poppler) installs nothing. The Debian package is only what apt installs when the
# check fails. apt-get update runs only when something is missing.
set -euo pipefail

# --------------------------------------------------------------------------------------- needs
# need GROUP KIND WHAT PACKAGE WHY
#   GROUP    build (make demo) or test (make test; `test` includes `build`)
#   KIND     cmd (on PATH) | lib (soname in `ldconfig -p`) | font (fontconfig family name) |
#            file (path exists) | pymod (importable by $PYTHON) | office (a file of the
#            LibreOffice that the soffice on PATH belongs to: impress.xcd registers Impress)
# To add one, add a line, e.g. for headless browser tests and metric-compatible fonts:
#   need test cmd  chromium        chromium                "headless browser tests"
#   need test font "Liberation Sans" fonts-liberation      "Arial-compatible metrics"
#   need test font Carlito         fonts-crosextra-carlito "Calibri-compatible metrics"
NEEDS=()
need() { NEEDS+=("$1|$2|$3|$4|$5"); }

need build pymod ensurepip                 python3-venv         "python3 -m venv (make venv)"
need build lib   libpango-1.0.so.0         libpango-1.0-0       "WeasyPrint: text layout"
need build lib   libpangoft2-1.0.so.0      libpangoft2-1.0-0    "WeasyPrint: fonts"
need build lib   libharfbuzz-subset.so.0   libharfbuzz-subset0  "WeasyPrint: fast font subsetting (~8x faster PDFs)"
need build lib   libfontconfig.so.1        libfontconfig1       "WeasyPrint: finding fonts"
need build lib   libcairo.so.2             libcairo2            "CairoSVG: SVG illustrations drawn for the deck"
need build cmd   fc-list                   fontconfig           "fontconfig's tools (font checks below)"
need build font  "Liberation Sans"         fonts-liberation2    "measuring decks on Arial/Helvetica/Times/Courier templates (metric-compatible)"
need build font  Carlito                   fonts-crosextra-carlito "measuring decks on Calibri templates (metric-compatible)"
need build font  Caladea                   fonts-crosextra-caladea "measuring decks on Cambria templates (metric-compatible)"
need test  office share/registry/impress.xcd libreoffice-impress-nogui "LibreOffice Impress: the real client that opens every deck"
need test  office share/template/common/presnt/Focus.otp libreoffice-common "LibreOffice's own slide templates: the deck's template corpus"
need test  cmd   pdftoppm                  poppler-utils        "pdftoppm, pdftotext, pdffonts: reading PDFs back"
need test  cmd   qpdf                      qpdf                 "qpdf --check: PDF structure"
need test  font  "Noto Sans"               fonts-noto-core      "the deck's fonts, for LibreOffice"
need test  font  "Droid Sans Fallback"     fonts-droid-fallback "CJK text in decks, for LibreOffice"
need test  cmd   pandoc                    pandoc               "the peer pipeline in the benchmark"
need test  cmd   chromium                  chromium             "headless browser tests of brochure serve"
# --- end of needs ---

# -------------------------------------------------------------------------------------- checks
PYTHON="${PYTHON:-python3}"

has_cmd() { command -v "$1" >/dev/null 2>&1; }

LIBRARIES=""  # `ldconfig -p`, read once
has_lib() {
  if [ -z "$LIBRARIES" ]; then
    LIBRARIES="$("$(command -v ldconfig || echo /sbin/ldconfig)" -p 2>/dev/null | awk '{print $1}')"
  fi
  grep -Fqx -- "$1" <<<"$LIBRARIES"
}

has_font() { has_cmd fc-list && [ -n "$(fc-list "$1" family 2>/dev/null)" ]; }

has_file() { [ -e "$1" ]; }

has_pymod() { "$PYTHON" -c "import $1" >/dev/null 2>&1; }

has_office() {
  local soffice
  soffice="$(command -v soffice || command -v libreoffice || true)"
  [ -n "$soffice" ] && [ -e "$(dirname "$(dirname "$(readlink -f "$soffice")")")/$1" ]
}

# The needs of the asked groups whose check fails, one "WHAT|PACKAGE|WHY" line each.
missing_needs() {
  local entry group kind what package why
  for entry in "${NEEDS[@]}"; do
    IFS='|' read -r group kind what package why <<<"$entry"
    wanted "$group" || continue
    "has_$kind" "$what" || echo "$kind $what|$package|$why"
  done
}

wanted() {
  local group
  for group in "${GROUPS_ASKED[@]}"; do
    [ "$1" = "$group" ] && return 0
    [ "$group" = test ] && [ "$1" = build ] && return 0
  done
  return 1
}

# ---------------------------------------------------------------------------------------- main
say() { echo "system-deps: $*"; }
fail() { echo "system-deps: $*" >&2; exit 1; }

DRY_RUN=0
LIST=0
GROUPS_ASKED=()
for arg in "$@"; do
  case "$arg" in
    --dry-run|-n) DRY_RUN=1 ;;
    --list) LIST=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    build|test) GROUPS_ASKED+=("$arg") ;;
    *) fail "unknown argument '$arg' (groups: build, test; options: --dry-run, --list)" ;;
  esac
done
[ ${#GROUPS_ASKED[@]} -gt 0 ] || GROUPS_ASKED=(build)

if [ "$LIST" = 1 ]; then
  for entry in "${NEEDS[@]}"; do
    IFS='|' read -r group kind what package why <<<"$entry"
    wanted "$group" && printf '%s\t%s\t%s\t%s\t%s\n' "$group" "$kind" "$what" "$package" "$why"
  done
  exit 0
fi

if [ "${SKIP_SYSTEM_DEPS:-}" = 1 ]; then
  say "skipped (SKIP_SYSTEM_DEPS=1)"
  exit 0
fi

mapfile -t MISSING < <(missing_needs)
if [ ${#MISSING[@]} -eq 0 ]; then
  say "everything for ${GROUPS_ASKED[*]} is present"
  [ "$DRY_RUN" = 1 ] && echo "would install:"
  exit 0
fi

PACKAGES=()
for line in "${MISSING[@]}"; do
  IFS='|' read -r what package why <<<"$line"
  say "missing $what ($why) -> $package"
  [[ " ${PACKAGES[*]-} " == *" $package "* ]] || PACKAGES+=("$package")
done

if [ "$DRY_RUN" = 1 ]; then
  echo "would install: ${PACKAGES[*]}"
  exit 0
fi

has_cmd apt-get || fail "apt-get not found: install ${PACKAGES[*]} (or their equivalents) by hand," \
  "then run again, or set SKIP_SYSTEM_DEPS=1 to skip this step"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  has_cmd sudo || fail "installing ${PACKAGES[*]} needs root: run as root, install them by hand," \
    "or set SKIP_SYSTEM_DEPS=1 to skip this step"
  SUDO=(sudo)
fi

LOG="$(mktemp "${TMPDIR:-/tmp}/brochure-system-deps.XXXXXX.log")"
apt() {  # run apt-get quietly; on failure show apt's own output and stop
  if ! DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get "$@" >"$LOG" 2>&1; then
    echo "system-deps: apt-get $1 failed; apt said:" >&2
    tail -n 60 "$LOG" >&2
    echo "system-deps: (full output: $LOG) fix the above, install ${PACKAGES[*]} by hand," \
      "or set SKIP_SYSTEM_DEPS=1 to skip this step" >&2
    exit 1
  fi
}
say "apt-get update"
apt update
say "installing ${PACKAGES[*]}"
apt install -y --no-install-recommends "${PACKAGES[@]}"
rm -f "$LOG"

mapfile -t STILL < <(missing_needs)
if [ ${#STILL[@]} -gt 0 ]; then
  for line in "${STILL[@]}"; do
    IFS='|' read -r what package _ <<<"$line"
    echo "system-deps: $package is installed but $what is still not found" >&2
  done
  exit 1
fi
say "installed ${PACKAGES[*]}"
