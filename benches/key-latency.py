#!/usr/bin/env python3
"""Key press to redrawn frame, as a terminal sees it: the wizard runs on a pseudo-terminal, a key
is written, and the time until its frame has been written is taken (the median of N presses).
Printable keys (j/k) wait up to 3 ms for a following key, which would make them a paste
(src/tui/input.rs); arrows (Down/Up) do not.

    python3 benches/key-latency.py target/release/leadwiz [N]
"""
import os, pty, select, statistics, subprocess, sys, time

binary = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
master, slave = pty.openpty()
env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
child = subprocess.Popen([binary], stdin=slave, stdout=slave, stderr=slave, env=env,
                         start_new_session=True)
os.close(slave)


def drain(quiet=0.05):
    """Reads until nothing comes for `quiet` seconds; returns when the last byte came."""
    last = None
    while select.select([master], [], [], quiet)[0]:
        if not os.read(master, 65536):
            break
        last = time.perf_counter()
    return last


time.sleep(0.5)
drain(0.3)
for name, keys in [("j/k", [b"j", b"k"]), ("Down/Up", [b"\x1b[B", b"\x1b[A"])]:
    times = []
    for i in range(n):
        sent = time.perf_counter()
        os.write(master, keys[i % 2])
        done = drain(0.03)
        if done:
            times.append((done - sent) * 1000)
    if os.environ.get("SHOW"):
        print(sorted(round(t, 1) for t in times))
    print(f"{name}: median {statistics.median(times):.2f} ms, "
          f"p90 {statistics.quantiles(times, n=10)[-1]:.2f} ms over {len(times)} presses")
os.write(master, b"q")
try:
    drain(0.5)
except OSError:  # the terminal is gone once leadwiz has exited
    pass
child.wait(timeout=5)
