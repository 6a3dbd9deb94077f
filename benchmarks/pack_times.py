"""Where one pack's build time goes: Markdown, PDFs and the site, per example.

    python benchmarks/pack_times.py [--runs 3]

For each example trust (warm process, median of --runs): rendering the Markdown, rendering
its PDFs, and building its site; the baseline, measured in the same run, is one plain
in-process MkDocs build of the same Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 1)


def timed(function, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT))
    from generator.composing import compose
    from generator.publishing import build, site
    from generator.reading import config
    from generator.reading.model import Audience

    slugs = sorted(p.name for p in (ROOT / "trusts").iterdir() if (p / "trust.yml").is_file())
    build.print_documents(
        [compose.render_pack(ROOT / "trusts" / slugs[0], Audience.PUBLIC, TODAY)], TODAY
    )  # warm up
    print(f"{'pack':<14}{'markdown':>10}{'pdfs':>8}{'site':>8}{'mkdocs':>8}  pdfs/mkdocs")
    for slug in slugs:
        folder = ROOT / "trusts" / slug
        loaded = config.load(folder)
        packs = compose.render_languages(loaded, Audience.PUBLIC, TODAY)
        pack = packs[0]
        markdown = timed(
            lambda loaded=loaded: compose.render_languages(loaded, Audience.PUBLIC, TODAY), runs
        )
        pdfs = timed(lambda packs=packs: build.print_documents(packs, TODAY), runs)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            whole = timed(
                lambda folder=folder, out=out: build.build_pack(
                    folder, out, Audience.PUBLIC, TODAY
                ),
                runs,
            )
            docs = out / "plain-docs"
            docs.mkdir()
            build.write_sources(pack, docs)
            config_path = site.write_config(
                site.site_spec(pack), docs, out / "plain-site", out / "mkdocs.yml"
            )
            baseline = timed(lambda config_path=config_path: site.build(config_path, 0), runs)
        print(
            f"{slug:<14}{markdown:>9.3f}s{pdfs:>7.2f}s{whole - pdfs - markdown:>7.2f}s{baseline:>7.2f}s"
            f"  {pdfs / baseline:.1f}x"
        )


if __name__ == "__main__":
    main()
