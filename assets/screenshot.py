#!/usr/bin/env python3
"""Turns a terminal capture with colours (`tmux capture-pane -e -p`) into an SVG screenshot.

Usage: assets/screenshot.sh (runs leadwiz in tmux and writes assets/wizard-*.svg).
"""
import html
import re
import sys
import unicodedata

PALETTE = {
    30: "#1e1e1e", 31: "#cd3131", 32: "#0dbc79", 33: "#e5e510", 34: "#2472c8", 35: "#bc3fbc",
    36: "#11a8cd", 37: "#e5e5e5", 90: "#666666", 91: "#f14c4c", 92: "#23d18b", 93: "#f5f543",
    94: "#3b8eea", 95: "#d670d6", 96: "#29b8db", 97: "#ffffff",
}
FG, BG = "#d4d4d4", "#1e1e1e"
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def width(ch):
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def main():
    lines = sys.stdin.read().split("\n")
    cell_w, cell_h = 9, 18
    cols = 100
    out = []
    for row, line in enumerate(lines):
        fg, bg, bold, reverse = FG, None, False, False
        col = 0
        pos = 0
        for m in list(SGR.finditer(line)) + [None]:
            text = line[pos : m.start() if m else len(line)]
            for ch in text:
                w = width(ch)
                f, b = (bg or BG, fg) if reverse else (fg, bg)
                x, y = col * cell_w, row * cell_h
                if b:
                    out.append(f'<rect x="{x}" y="{y}" width="{w * cell_w}" height="{cell_h}" fill="{b}"/>')
                if ch != " ":
                    weight = ' font-weight="bold"' if bold else ""
                    out.append(
                        f'<text x="{x}" y="{y + 14}" fill="{f}"{weight}>{html.escape(ch)}</text>'
                    )
                col += w
            if m is None:
                break
            pos = m.end()
            codes = [int(c) for c in m.group(1).split(";") if c] or [0]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    fg, bg, bold, reverse = FG, None, False, False
                elif c == 1:
                    bold = True
                elif c == 7:
                    reverse = True
                elif c == 22:
                    bold = False
                elif c == 27:
                    reverse = False
                elif c in PALETTE:
                    fg = PALETTE[c]
                elif 40 <= c <= 47 or 100 <= c <= 107:
                    bg = PALETTE[c - 10]
                elif c == 39:
                    fg = FG
                elif c == 49:
                    bg = None
                elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                    n = codes[i + 2]
                    colour = PALETTE.get(30 + n if n < 8 else 82 + n) if n < 16 else None
                    if c == 38:
                        fg = colour or FG
                    else:
                        bg = colour
                    i += 2
                i += 1
    height = len(lines) * cell_h
    print(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{cols * cell_w}" height="{height}" '
        f'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">'
        f'<rect width="100%" height="100%" fill="{BG}"/>' + "".join(out) + "</svg>"
    )


main()
