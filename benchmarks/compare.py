"""One command, two checkouts, in turns: how long the new one takes against the old one.

    git worktree add /tmp/old <commit>
    python benchmarks/compare.py /tmp/old . --runs 10 -- build trusts/northbridge --force

Runs `python -m generator ARGS` in fresh processes, with PYTHONPATH set to each checkout in
turn (the order swapped every round, so a slow spell of the machine falls on both), each
with a cache folder of its own (filled by one untimed run first) and in a copy of the working
folder of its own (default: this repository, for its trusts/), where the command's output
goes. `--packs N` runs instead in a project of N packs made from the examples, as
benchmarks/scale.py makes them (for `build --jobs 2`). Prints the medians and the median of
each round's new/old ratio. Not a test: speed is never asserted in the suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the checkout to compare against")
    parser.add_argument("new", type=Path, help="the checkout measured")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each (default 10)")
    parser.add_argument("--packs", type=int, help="a project of this many generated packs")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    command = argv[split + 1 :]
    if not command:
        sys.exit("give the command after --, e.g. -- render trusts/northbridge --out md")
    trees = {"old": args.old.resolve(), "new": args.new.resolve()}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import scale

    with tempfile.TemporaryDirectory(prefix="policypack-compare-") as tmp:
        places = {}
        for name, tree in trees.items():
            place = Path(tmp) / name
            if args.packs:
                scale.make_packs(place / "trusts", args.packs)
            else:
                shutil.copytree(ROOT / "trusts", place / "trusts")
            runs = env | {"PYTHONPATH": str(tree), "POLICYPACK_CACHE_DIR": str(place / "cache")}
            places[name] = (place, runs)
            timed(command, place, runs)  # fills its cache
        seconds: dict[str, list[float]] = {name: [] for name in trees}
        for round_number in range(args.runs):
            order = list(trees) if round_number % 2 else list(reversed(trees))
            for name in order:
                seconds[name].append(timed(command, *places[name]))
    for name, found in seconds.items():
        print(f"{name}: median {statistics.median(found):.3f} s ({trees[name]})")
    ratios = [new / old for old, new in zip(seconds["old"], seconds["new"], strict=True)]
    print(
        f"new/old, each round: median {statistics.median(ratios):.3f} "
        f"({min(ratios):.3f}-{max(ratios):.3f}) over {args.runs} rounds"
    )


def timed(command: list[str], place: Path, env: dict[str, str]) -> float:
    """Seconds `python -m generator COMMAND` takes in `place`; exits if it fails (a failed
    gate, status 1, is a result like any other)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "generator", *command],
        cwd=place,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


if __name__ == "__main__":
    main()
