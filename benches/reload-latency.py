#!/usr/bin/env python3
"""Save-to-screen latency of live reload, as an author sees it.

Runs the release binary in tmux on a copy of content/, then, again and again, saves a new
title into a content file (half the saves in place, half as editors do: write a new file and
rename it over the old one) and polls the screen until the new title is drawn. The time from
the save to the first screen that shows it includes the debounce, the reload and the redraw.

For reference, the same run times `leadwiz check DIR` (a whole process that loads and checks
the same folder).

Usage: cargo build --release && python3 benches/reload-latency.py [ROUNDS]
Needs tmux.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "leadwiz")
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
SOCKET = f"leadwiz-latency-{os.getpid()}"


def tmux(*args):
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False
    ).stdout


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    work = tempfile.mkdtemp(prefix="leadwiz-latency-")
    content = os.path.join(work, "content")
    shutil.copytree(os.path.join(ROOT, "content"), content)
    target = os.path.join(content, "missing.yaml")
    with open(target, encoding="utf-8") as f:
        original = f.read()
    marker = "      en: SaaS offer\n"
    assert marker in original, "the SaaS offer title moved; update this script"
    env = dict(os.environ, TMUX="")
    subprocess.run(
        ["tmux", "-L", SOCKET, "-f", "/dev/null", "new-session", "-d", "-s", "t",
         "-x", "100", "-y", "30",
         f"{BIN} --content {content} --goto missing-offer-saas"],
        check=True, env=env,
    )
    try:
        deadline = time.time() + 5
        while "missing-offer-saas" not in tmux("capture-pane", "-p", "-t", "t"):
            if time.time() > deadline:
                sys.exit("the wizard did not start")
            time.sleep(0.01)
        time.sleep(0.3)
        latencies = []
        for i in range(ROUNDS):
            title = f"SaaS offer r{i:03d}"
            text = original.replace(marker, f"      en: {title}\n")
            start = time.perf_counter()
            if i % 2 == 0:
                with open(target, "w", encoding="utf-8") as f:
                    f.write(text)
            else:
                tmp = target + ".tmp~"
                with open(tmp, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(tmp, target)
            while title not in tmux("capture-pane", "-p", "-t", "t"):
                if time.perf_counter() - start > 5:
                    sys.exit(f"round {i}: the new title never showed")
            latencies.append((time.perf_counter() - start) * 1000)
            time.sleep(0.15)
    finally:
        tmux("kill-server")
    checks = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run([BIN, "check", content], capture_output=True, check=False)
        checks.append((time.perf_counter() - start) * 1000)
    shutil.rmtree(work, ignore_errors=True)
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(f"save to screen over {ROUNDS} saves: median {statistics.median(latencies):.0f} ms, "
          f"p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms (budget 250 ms)")
    print(f"reference, same run: `leadwiz check DIR` whole process median "
          f"{statistics.median(checks):.0f} ms")


if __name__ == "__main__":
    main()
