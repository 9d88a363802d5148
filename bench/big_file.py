"""Time and peak memory of one generated module of growing size: is the cost per line flat?

    .venv/bin/python bench/big_file.py [--sizes 50k,100k,200k] [--big 5M]

Each size is a fresh process running the pipeline on a generated module (a table of data rows with a
legacy ``select([...]).apply_labels()`` every 500 rows, as tests/test_bad_inputs.py builds it), bypassing the
size limit; the row says seconds, milliseconds per 1,000 lines and the process's peak resident memory.
Then the CLI is run on a ``--big`` file (default 5 MB): it must answer with one line (the size limit) in
about the time of its start-up.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.test_bad_inputs import generated_module  # noqa: E402

CHILD = """
import sys, time
from sqla_upgrade.cli import enabled_codemods
from sqla_upgrade.codemod import RunOptions
from sqla_upgrade.guard import call_deep
from sqla_upgrade.pipeline import process_bytes
data = open(sys.argv[1], "rb").read()
options = RunOptions(unsafe_fixes=True)
started = time.perf_counter()
out = call_deep(process_bytes, "big.py", data, enabled_codemods(options), options)
print(time.perf_counter() - started, out.error, out.new_data is not None, flush=True)
"""


def _size(text: str) -> int:
    units = {"k": 1000, "M": 1000_000}
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def _measure(cmd, cwd) -> tuple:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    _, status, usage = os.wait4(proc.pid, 0)
    out, err = proc.stdout.read(), proc.stderr.read()
    return time.perf_counter() - started, usage.ru_maxrss / 1024, out.decode(), err.decode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50k,100k,200k")
    parser.add_argument("--big", default="5M")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'bytes':>10} {'lines':>8} {'seconds':>9} {'ms/1k lines':>12} {'peak MB':>8}  result")
        for size in (_size(s) for s in opts.sizes.split(",")):
            path = Path(tmp) / "big.py"
            data = generated_module(size)
            path.write_bytes(data)
            _, peak, out, err = _measure([sys.executable, "-c", CHILD, str(path)], tmp)
            if not out:
                print(f"{len(data):>10} failed: {err[-500:]}")
                continue
            seconds, error, changed = out.split(" ", 2)
            lines = data.count(b"\n")
            print(f"{len(data):>10} {lines:>8} {float(seconds):>9.2f} {float(seconds) / lines * 1e6:>12.1f} {peak:>8.0f}  "
                  f"{'error: ' + error if error != 'None' else 'migrated' if changed.strip() == 'True' else 'unchanged'}")
        big = Path(tmp) / "huge.py"
        big.write_bytes(generated_module(_size(opts.big)))
        seconds, peak, _, err = _measure([sys.executable, "-m", "sqla_upgrade", "run", "huge.py"], tmp)
        print(f"\nCLI on a {big.stat().st_size / 1e6:.1f} MB file: {seconds:.2f} s, peak {peak:.0f} MB")
        for line in err.splitlines():
            print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
