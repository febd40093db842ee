#!/usr/bin/env python3
"""Runs leadwiz's non-interactive commands with the Linux binary and with the Windows binary
(under Wine) on the same input, and compares what each wrote: standard output, standard error,
the exit status, the files it wrote (export -o, transcripts) and, for `test-lead https`, the
requests a loopback server received.

Only what must differ between the two is normalised, and each rule says why:
- the program's file name (`leadwiz.exe` in clap's usage lines);
- CRLF line ends, if any (counted and reported: Rust writes "\n" on Windows too);
- `\\` in the paths of `check` diagnostics (Windows joins a folder and a file name with `\\`);
- the elapsed milliseconds of a network check and the `MSFT_TEST_<ticks>` stamp of a test lead
  (the time of day);
- the date of a transcript, and the folder each side writes its files to (Windows prints it
  as an absolute Windows path: Wine's drive Z: is /).

Usage: windows-compare.py LINUX_BINARY WINE_LOADER WINDOWS_EXE OUT_DIR
"""

import difflib
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time

LINUX, WINE, EXE, OUT = sys.argv[1:5]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)

ERROR = (
    "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found. "
    "AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found."
)
INVALID = "tests/fixtures/invalid"


class Leads(http.server.BaseHTTPRequestHandler):
    """A lead destination on 127.0.0.1: /ok takes the lead (202), /denied answers 401,
    /gone 404. Every request is recorded for the comparison."""

    seen = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        Leads.seen.append(
            {
                "method": "POST",
                "path": self.path,
                "content_type": self.headers.get("Content-Type"),
                "body": re.sub(r"MSFT_TEST_\d+", "MSFT_TEST_N", body),
            }
        )
        status = {"/ok": 202, "/denied": 401, "/gone": 404}.get(self.path.split("?")[0], 500)
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"accepted" if status == 202 else b"no")

    def log_message(self, *args):
        pass


def cases(url):
    """(name, args, standard input, extra environment, expected exit status)."""
    c = [
        ("diagnose-args", ["diagnose", ERROR], None, {}, 0),
        ("diagnose-stdin", ["diagnose"], ERROR, {}, 0),
        ("diagnose-json", ["diagnose", "--json", "-"], ERROR, {}, 0),
        ("diagnose-ambiguous", ["diagnose", "AADSTS90002"], None, {}, 1),
        ("diagnose-zh", ["--lang", "zh-CN", "diagnose", ERROR], None, {}, 0),
        ("show", ["show", "dynamics-login-failed"], None, {}, 0),
        ("show-markdown", ["show", "dest-azure-table", "--format", "markdown"], None, {}, 0),
        ("show-json", ["show", "dest-azure-table", "--format", "json"], None, {}, 0),
        ("show-unknown", ["show", "dest-azure-tabel"], None, {}, 1),
        ("show-zh", ["--lang", "zh-CN", "show", "dest-azure-table"], None, {}, 0),
        ("list", ["list"], None, {}, 0),
        ("list-json", ["list", "--format", "json"], None, {}, 0),
        ("list-zh-from-LANG", ["list"], None, {"LANG": "zh_CN.UTF-8"}, 0),
        ("check-built-in", ["check"], None, {}, 0),
        ("check-valid", ["check", "tests/fixtures/valid"], None, {}, 0),
        ("check-json", ["check", "tests/fixtures/valid", "--format", "json"], None, {}, 0),
        ("schema", ["schema"], None, {}, 0),
        ("export-markdown", ["export", "--format", "markdown"], None, {}, 0),
        ("export-json", ["export", "--format", "json"], None, {}, 0),
        ("export-dot", ["export", "--format", "dot"], None, {}, 0),
        ("export-mermaid-zh", ["--lang", "zh-CN", "export", "--format", "mermaid"], None, {}, 0),
        ("export-to-file", ["export", "--format", "dot", "-o", "{out}/tree.dot"], None, {}, 0),
        ("plain-session", ["--plain", "--transcript", "{out}/session.md"],
         "3\n1\nt 1\nt 2\n2\nb\nq\n", {}, 0),
        ("plain-paste", ["--plain", "--transcript", "{out}/paste.json"],
         "p\n" + ERROR + "\n\n1\nq\n", {}, 0),
        ("plain-zh", ["--plain", "--lang", "zh-CN", "--goto", "dest-azure-table"], "1\nq\n", {}, 0),
        ("bad-arguments", ["show"], None, {}, 2),
        ("test-lead-dry-run", ["test-lead", "https", url + "/ok", "--dry-run"], None, {}, 0),
        ("test-lead-ok", ["test-lead", "https", url + "/ok"], None, {}, 0),
        ("test-lead-ok-json", ["test-lead", "https", url + "/ok", "--json"], None, {}, 0),
        ("test-lead-401-zh", ["--lang", "zh-CN", "test-lead", "https", url + "/denied"], None, {}, 1),
        ("test-lead-404", ["test-lead", "https", url + "/gone"], None, {}, 1),
    ]
    for name in sorted(os.listdir(INVALID)):
        # Some fixtures hold warnings only (exit status 0); both sides must agree.
        c.append((f"check-invalid-{name}", ["check", f"{INVALID}/{name}"], None, {}, None))
    return c


def normalise(text, out):
    crlf = text.count("\r\n")
    text = text.replace("\r\n", "\n")
    text = text.replace(out, "{out}")
    windows_out = "Z:" + out.replace("/", "\\")
    text = text.replace(windows_out.replace("\\", "\\\\"), "{out}")  # inside JSON strings
    text = text.replace(windows_out, "{out}")
    text = text.replace("{out}\\", "{out}/")
    text = re.sub(r"leadwiz\.exe\b", "leadwiz", text)
    # check's diagnostics: a folder joined with a file name.
    text = re.sub(r"(tests/fixtures/[\w./-]*)\\\\?", r"\1/", text)
    text = re.sub(r"\d+ ms\b", "N ms", text)
    text = re.sub(r'"elapsed_ms": \d+', '"elapsed_ms": N', text)
    text = re.sub(r"MSFT_TEST_\d+", "MSFT_TEST_N", text)
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d", "DATE", text)
    return text, crlf


def run(side, command, case):
    name, args, stdin, env_extra, _ = case
    started = time.monotonic()
    out = os.path.join(OUT, side, name)
    os.makedirs(out, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"LANG": "C.UTF-8", "TERM": "dumb", "NO_COLOR": "1"})
    env.update(env_extra)
    args = [a.replace("{out}", out) for a in args]
    p = subprocess.run(
        command + args,
        input=(stdin or "").encode(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        timeout=120,
    )
    result = {"status": p.returncode}
    crlf = 0
    for key, raw in (("stdout", p.stdout), ("stderr", p.stderr)):
        result[key], n = normalise(raw.decode("utf-8", "replace"), out)
        crlf += n
    for f in sorted(os.listdir(out)):
        with open(os.path.join(out, f), encoding="utf-8", errors="replace") as fh:
            result["file " + f], n = normalise(fh.read(), out)
            crlf += n
    return result, crlf, time.monotonic() - started


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Leads)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    failures, crlf_total, compared = [], 0, 0
    for case in cases(url):
        name, expected = case[0], case[4]
        Leads.seen = []
        linux, _, _ = run("linux", [LINUX], case)
        linux["requests"] = Leads.seen
        Leads.seen = []
        windows, crlf, took = run("windows", [WINE, EXE], case)
        windows["requests"] = Leads.seen
        crlf_total += crlf
        compared += 1
        problems = []
        if expected is not None and linux["status"] != expected:
            problems.append(f"the Linux binary exited {linux['status']}, expected {expected}")
        if not any(v for k, v in linux.items() if k != "status"):
            problems.append("the Linux binary wrote nothing")
        for key in sorted(set(linux) | set(windows)):
            a, b = linux.get(key), windows.get(key)
            if a == b:
                continue
            if isinstance(a, str) and isinstance(b, str):
                diff = "".join(
                    list(
                        difflib.unified_diff(
                            a.splitlines(True), b.splitlines(True), "linux", "windows", n=1
                        )
                    )[:40]
                )
                problems.append(f"{key} differs:\n{diff}")
            else:
                problems.append(
                    f"{key} differs: linux {json.dumps(a)[:800]} / windows {json.dumps(b)[:800]}"
                )
        verdict = "same" if not problems else "DIFFERENT"
        print(f"windows: {name}: {verdict} (exit {windows['status']}, {took:.1f} s under Wine)")
        if problems:
            failures.append(name)
            for p in problems:
                print("    " + p.replace("\n", "\n    "))
    server.shutdown()
    print(f"windows: {compared - len(failures)} of {compared} commands gave the same output "
          f"under Wine as on Linux (CRLF line ends seen from Windows: {crlf_total})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
