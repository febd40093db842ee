#!/bin/sh
# How often the wizard wakes up while nobody touches it: the context switches of all its threads
# over 5 s of idling in tmux (100×30), per second.
#
#   sh benches/idle-wakeups.sh target/release/leadwiz [ARGS...]      e.g. --content content
set -eu
bin=$1; shift
sock=leadwiz-idle-$$
tmux -L "$sock" -f /dev/null new-session -d -s w -x 100 -y 30 "env TERM=xterm-256color LANG=C.UTF-8 $bin $*"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
sleep 1.5
pid=$(tmux -L "$sock" display -p -t w '#{pane_pid}')
case $(cat /proc/"$pid"/comm) in leadwiz*) ;; *) echo "leadwiz is not running" >&2; exit 1 ;; esac
count() { cat /proc/"$pid"/task/*/status | awk '/^voluntary_ctxt_switches/ {s += $2} END {print s}'; }
a=$(count); sleep 5; b=$(count)
echo "$(basename "$bin") $*: $(( (b - a) / 5 )) wake-ups per second while idle"
