#!/bin/sh
# The one entry point of the benchmarks (make bench calls it). SIZES and DBS pick a subset:
#   SIZES=10000 DBS=sqlite bench/run.sh
# Without arguments it runs the contact benchmark, then the sales one (BENCH_SALES=0 skips it);
# with arguments it runs that part alone: bench/run.sh sales, bench/run.sh report.
set -eu
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
if [ "$#" -gt 0 ]; then
  exec "$PY" -m bench "$@"
fi
"$PY" -m bench
if [ "${BENCH_SALES:-1}" != 0 ]; then
  exec "$PY" -m bench sales
fi
