#!/usr/bin/env bash
# Whole-process measurement of `leadwiz diagnose` on the built-in content, against
# `rustc --explain E0382` measured in the same run, plus peak memory and a 10 MB paste.
# Needs hyperfine (Debian: apt-get install hyperfine) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked --quiet
bin=target/release/leadwiz
paste='Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found. This instance may happen if there are no active subscriptions for the tenant. Correlation ID: 5b0e6a3c-2f4d-4e9a-9c1b-7d8e9f0a1b2c'
out=target/whole-process.json

hyperfine --shell=none --warmup 10 --runs 200 --export-json "$out" \
  "$bin diagnose --json '$paste'" \
  "rustc --explain E0382" >/dev/null

python3 - "$out" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    t = r["times"]
    print(f"{statistics.median(t)*1000:7.2f} ms median  {min(t)*1000:6.2f} ms min  {max(t)*1000:6.2f} ms max  {r['command'][:60]}")
PY

peak=0
for _ in $(seq 20); do
  kb=$( { /usr/bin/time -f '%M' "$bin" diagnose --json "$paste" >/dev/null; } 2>&1 )
  (( kb > peak )) && peak=$kb
done
echo "peak memory of diagnose: $((peak / 1024)).$(( (peak % 1024) * 10 / 1024 )) MiB (max RSS over 20 runs)"

big=$(mktemp)
trap 'rm -f "$big"' EXIT
{ printf '%s\n' "$paste"; head -c 10500000 /dev/zero | tr '\0' 'x' | fold -w 100; } > "$big"
size=$(stat -c %s "$big")
python3 - "$bin" "$big" "$size" <<'PY'
import statistics, subprocess, sys, time
bin, path, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = []
for _ in range(10):
    with open(path, "rb") as f:
        t = time.perf_counter()
        subprocess.run([bin, "diagnose", "--json"], stdin=f, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
print(f"a {size / 1048576:.1f} MiB paste on stdin: {statistics.median(times) * 1000:.1f} ms median of 10 runs")
PY
