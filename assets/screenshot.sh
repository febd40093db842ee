#!/usr/bin/env bash
# Regenerates the README screenshots from a real run of the release binary in tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
shot() { # name, then keys
  local name=$1; shift
  local sock=leadwiz-shot-$$-$name
  tmux -L "$sock" -f /dev/null new-session -d -s s -x 100 -y 30 "TERM=xterm-256color ./target/release/leadwiz $ARGS"
  sleep 0.7
  for k in "$@"; do
    if [[ $k == paste:* ]]; then
      tmux -L "$sock" set-buffer "${k#paste:}"; tmux -L "$sock" paste-buffer -p -t s
    else
      tmux -L "$sock" send-keys -t s "$k"
    fi
    sleep 0.3
  done
  tmux -L "$sock" capture-pane -e -p -t s | python3 assets/screenshot.py > "assets/$name.svg"
  tmux -L "$sock" kill-server
}
ARGS="" shot wizard-paste p "paste:Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found. This instance may happen if there are no active subscriptions for the tenant."
ARGS="--goto dynamics-aad-tenant-not-found" shot wizard-remediation
ARGS="--lang zh-CN --goto missing-azure-table" shot wizard-zh
ARGS="--presenter --goto missing-offer-saas" shot wizard-presenter j
echo "wrote assets/wizard-paste.svg assets/wizard-remediation.svg assets/wizard-zh.svg assets/wizard-presenter.svg"
