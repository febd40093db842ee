#!/usr/bin/env bash
# Hostile input, measured as a user meets it: peak memory and time of `leadwiz check` on crafted
# content (an alias bomb, 100,000 nested `[`, 5,000 dangling references), plain mode round a
# loop and with a 100 MB line, and, in tmux, CPU per key press on a page with a 20 KB link and
# a 100 MB bracketed paste.
#
#   benches/hardening.sh [BINARY]      (default: target/release/leadwiz)
#
# Needs /usr/bin/time (GNU time), tmux and python3. Runs against another build too, to compare.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-target/release/leadwiz}")
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for d in bomb deep refs link loop; do mkdir -p "$W/$d"; cp content/*.yaml "$W/$d/"; done
rm "$W"/loop/*.yaml
python3 - "$W" <<'PY'
import sys
w = sys.argv[1]
open(f"{w}/bomb/bomb.yaml", "w").write(
    "nodes:\n  - id: bomb\n    kind: end\n    title:\n      en: &big \"" + "x" * (1 << 20)
    + "\"\n    related:\n" + "      - *big\n" * 3000)
open(f"{w}/deep/deep.yaml", "w").write("nodes: " + "[" * 100000 + "]" * 100000 + "\n")
open(f"{w}/refs/refs.yaml", "w").write(
    "nodes:\n  - id: many-refs\n    kind: end\n    title: {en: Many, zh-CN: 多}\n    related:\n"
    + "".join(f"      - missing-node-number-{i}\n" for i in range(5000)))
open(f"{w}/link/link.yaml", "w").write(
    "nodes:\n  - id: long-link\n    kind: end\n    title: {en: Long link, zh-CN: 长链接}\n"
    "    links:\n      - title: {en: Docs, zh-CN: 文档}\n        url: https://learn.microsoft.com/"
    + "a" * 20000 + "\n")
node = lambda i, n, t: (f"  - id: {i}\n    kind: question\n    title: {{en: {t}, zh-CN: {t}}}\n"
    f"    prompt: {{en: Next?, zh-CN: 下一步？}}\n    choices:\n"
    f"      - label: {{en: On, zh-CN: 继续}}\n        next: {n}\n"
    f"      - label: {{en: Help, zh-CN: 帮助}}\n        next: help\n")
open(f"{w}/loop/guide.yaml", "w").write(
    "guide:\n  title: {en: Loop, zh-CN: 循环}\n  version: \"1\"\n  languages: [en, zh-CN]\n"
    "  start: start\n  success: done\n  escalation: help\nnodes:\n"
    + node("start", "other", "Start") + node("other", "start", "Other")
    + "  - id: done\n    kind: end\n    title: {en: Done, zh-CN: 完成}\n"
    "  - id: help\n    kind: answer\n    title: {en: Help, zh-CN: 帮助}\n"
    "    summary: {en: Ask support., zh-CN: 联系支持。}\n    follow_up: {ask: false}\n")
PY
measure() { /usr/bin/time -f "%e s wall, %U s CPU, %M KB peak" "$@" 2>&1 >/dev/null | tail -1; }
for d in bomb deep refs; do
  printf '%-44s %s\n' "check: $d" "$(measure timeout 300 "$BIN" check "$W/$d")"
done
printf '%-44s %s\n' "plain: 8,000 answers round a loop" \
  "$(yes 1 | head -8000 | measure "$BIN" --content "$W/loop" --plain --no-watch)"
printf '%-44s %s bytes printed\n' "" "$(yes 1 | head -8000 | "$BIN" --content "$W/loop" --plain --no-watch | wc -c)"
printf '%-44s %s\n' "plain: one 100 MB line" \
  "$( (head -c 100000000 /dev/zero | tr '\0' 7; printf '\nq\n') | measure "$BIN" --plain)"

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
keys() {  # CPU (ms) per key press over 20 presses, and the peak memory so far
  local s=$1 pid=$2 c0 c1
  c0=$(cpu "$pid")
  for _ in $(seq 10); do tmux send-keys -t "$s" Down; sleep 0.3; tmux send-keys -t "$s" Up; sleep 0.3; done
  sleep 2
  c1=$(cpu "$pid")
  echo "$(( (c1 - c0) * 1000 / $(getconf CLK_TCK) / 20 )) ms CPU per key, $(awk '/VmHWM/ {print $2}' "/proc/$pid/status") KB peak"
}
S=hardening$$
tmux new -d -s $S -x 100 -y 30 "$BIN --content $W/link --goto long-link --no-watch"
sleep 2
printf '%-44s %s\n' "wizard: a page with a 20 KB link" "$(keys $S "$(tmux list-panes -t $S -F '#{pane_pid}')")"
tmux kill-session -t $S
head -c 100000000 /dev/zero | tr '\0' a > "$W/paste.txt"
tmux new -d -s $S -x 100 -y 30 "$BIN"
sleep 2
PID=$(tmux list-panes -t $S -F '#{pane_pid}')
tmux load-buffer -b big "$W/paste.txt"
start=$(date +%s)
tmux paste-buffer -p -b big -t $S
prev=-1; while c=$(cpu "$PID"); [ "$c" != "$prev" ]; do prev=$c; sleep 2; done
printf '%-44s %s\n' "wizard: a 100 MB bracketed paste" "settled in about $(( $(date +%s) - start )) s; $(keys $S "$PID")"
tmux kill-session -t $S
