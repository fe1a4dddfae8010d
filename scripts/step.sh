#!/usr/bin/env bash
# Runs one set-up step quietly: one progress line on success, the step's whole output on failure.
#   bash scripts/step.sh "installing the package" .venv/bin/pip install -e .
set -uo pipefail
label="$1"; shift
log="$(mktemp "${TMPDIR:-/tmp}/brochure-step.XXXXXX.log")"
printf '%s ... ' "$label"
if "$@" >"$log" 2>&1; then
  echo "done"
  rm -f "$log"
else
  status=$?
  echo "FAILED (exit $status)"
  echo "\$ $*" >&2
  cat "$log" >&2
  rm -f "$log"
  exit "$status"
fi
