#!/usr/bin/env python3
"""Runs the PyTorch panel's scripts for the committed states with real PyTorch.

For every entry of tests/pytorch/scripts.json (what the app writes for tests/pytorch/states.txt;
`UPDATE_PYTORCH=1 cargo test --test pytorch` regenerates it) this runs the script, compares each
printed line with the page's expectation ("What it prints": the same names and shapes, every
number within 1e-12 relative or 1e-15 absolute), reports the largest difference, and writes what
PyTorch printed to tests/pytorch/torch.json with a hash of each script. CI checks the page's
expectations against that file without PyTorch (tests/pytorch.rs).

Needs torch (tools/requirements-fixtures.txt); never run in CI.
usage: python tools/check_pytorch.py
"""

import contextlib
import io
import json
import math
import pathlib
import re
import sys

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIR = ROOT / "tests" / "pytorch"
REL, ABS = 1e-12, 1e-15


def fnv1a(text):
    """FNV-1a (64 bits) of the script's UTF-8 bytes, as tests/pytorch.rs computes it."""
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def parse(value):
    """A printed value's shape (numbers as '#') and its numbers."""
    numbers = [float(t) for t in re.findall(r"[^\[\],\s]+", value)]
    shape = re.sub(r"[^\[\],\s]+", "#", value).replace(" ", "")
    return shape, numbers


def difference(page, torch_value):
    """The relative difference (or absolute, near zero); 0 when both are the same special value."""
    if math.isnan(page) or math.isnan(torch_value):
        return 0.0 if math.isnan(page) and math.isnan(torch_value) else math.inf
    if page == torch_value:
        return 0.0
    diff = abs(page - torch_value)
    if diff <= ABS:
        return 0.0
    return diff / max(abs(page), abs(torch_value))


def run(code):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<script>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


def main():
    entries = json.loads((DIR / "scripts.json").read_text())
    results, failures, worst, count = [], [], (0.0, ""), 0
    for entry in entries:
        name = entry["name"]
        try:
            printed = run(entry["code"])
        except Exception as e:  # a script that fails is a failure of the generator
            failures.append(f"{name}: the script raised {type(e).__name__}: {e}")
            continue
        want, got = entry["expected"].splitlines(), printed.splitlines()
        if entry.get("caveat"):
            # Other random numbers (the training lab): the names and finite values only.
            names = [g.split(" = ", 1)[0] for g in got]
            if not got or any(not all(map(math.isfinite, parse(g.split(" = ", 1)[1])[1])) for g in got):
                failures.append(f"{name}: printed nothing or a number that is not finite")
            failures += [f"{name}: no line for {w.split(' = ')[0]}" for w in want if w.split(" = ")[0] not in names]
            results.append({"name": name, "code_fnv1a": fnv1a(entry["code"]), "printed": printed})
            continue
        if len(want) != len(got):
            failures.append(f"{name}: {len(got)} lines printed, {len(want)} expected")
        for w, g in zip(want, got):
            wn, wv = w.split(" = ", 1)
            gn, gv = g.split(" = ", 1) if " = " in g else (g, "")
            if wn != gn:
                failures.append(f"{name}: printed {gn!r} where the page has {wn!r}")
                continue
            (ws, wx), (gs, gx) = parse(wv), parse(gv)
            if ws != gs:
                failures.append(f"{name}: {wn} has shape {gs}, the page {ws}")
                continue
            for a, b in zip(wx, gx):
                d = difference(a, b)
                count += 1
                if d > worst[0]:
                    worst = (d, f"{name}: {wn}")
                if d > REL:
                    failures.append(f"{name}: {wn}: page {a!r}, PyTorch {b!r} (relative {d:.3g})")
        results.append({"name": name, "code_fnv1a": fnv1a(entry["code"]), "printed": printed})
    print(f"{len(entries)} states, {count} numbers; largest relative difference {worst[0]:.3g}"
          + (f" ({worst[1]})" if worst[1] else ""))
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    out = {"torch": torch.__version__, "python": sys.version.split()[0], "results": results}
    (DIR / "torch.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {(DIR / 'torch.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
