#!/bin/sh
# The one entry point of the benchmarks (make bench calls it). SIZES and DBS pick a subset:
#   SIZES=10000 DBS=sqlite bench/run.sh
set -eu
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
exec "$PY" -m bench "$@"
