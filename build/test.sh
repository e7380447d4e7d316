#!/usr/bin/env bash
# Runs the whole test suite and prints one closing line "N passed, N failed" summed from the TRX results.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
cd "$root"
# A LightGBM fit leaves OpenMP threads spinning, which slows every later TorchSharp fit in the test process.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# The notebook tests validate against nbformat's own schema with Debian's python3-nbformat when it can be installed.
if ! /usr/bin/python3 -c 'import nbformat' 2>/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-nbformat) >/dev/null 2>&1 \
    || echo "python3-nbformat could not be installed; the notebooks get the library's own nbformat 4 check only." >&2
fi
dotnet test Microsoft.ML.MultiTask.sln -c Release --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?
passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
  echo "dotnet test exited with $status before any test failed (build or run error)." >&2
fi
echo "$passed passed, $failed failed"
exit "$status"
