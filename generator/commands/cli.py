"""The `policypack` command. Errors are printed one per line; exit 0 ok, 1 gate failed, 2 bad input
(errors.ExitCode).

Most runs are one command for one pack in a fresh process, so each command imports only what
it uses: `validate` needs the model and config, never the renderer, the site engine or print
(tests/test_cli.py checks what a command leaves unimported).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from generator import __version__, i18n
from generator.errors import ConfigError, ConfigProblem, ExitCode, PolicyPackError
from generator.reading import config
from generator.reading.model import Audience, Engine

if TYPE_CHECKING:
    from generator.checking.gates import GateResult

TRUSTS_DIR = Path("trusts")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse prints usage; we want one clear line
        # `prog` is "policypack" or, for a command, "policypack build"
        self.exit(ExitCode.BAD_INPUT, f"Error: {message} (see {self.prog} --help)\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="policypack", description="Policy packs on patients recording their care."
    )
    parser.add_argument("--version", action="version", version=f"policypack {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def trusts_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "trusts",
            nargs="*",
            type=Path,
            metavar="TRUST_DIR",
            help="trust folders (default: every folder under trusts/)",
        )

    def today_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--today",
            type=_date,
            help="judge review dates as on this day (YYYY-MM-DD); "
            "default: SOURCE_DATE_EPOCH if set, else today",
        )

    def audience_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--audience",
            choices=[a.value for a in Audience],
            default="public",
            help="public (internet) or staff (intranet: adds staff pages and internal contacts)",
        )

    def engine_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--engine",
            choices=[e.value for e in Engine],
            default=None,
            help="the site engine (default: each pack's site.engine, which defaults to mkdocs); "
            "zensical builds packs in English only",
        )

    p = commands.add_parser("validate", help="check trust.yml files")
    trusts_arg(p)
    p = commands.add_parser("build", help="build each pack into OUT/<slug>/")
    trusts_arg(p)
    p.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    today_arg(p)
    audience_arg(p)
    p.add_argument(
        "--draft",
        action="store_true",
        help="preview: build every pack even if a gate fails, marked DRAFT on every page and PDF; never publish this",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="packs to build at once (default: the number of processor cores)",
    )
    p.add_argument(
        "--force", action="store_true", help="rebuild packs even when nothing they use changed"
    )
    p.add_argument(
        "--shard",
        metavar="K/N",
        help="build only the K-th of N stable shares of the packs (for a CI matrix)",
    )
    engine_arg(p)
    p = commands.add_parser("check", help="run the governance gates without building")
    trusts_arg(p)
    today_arg(p)
    p = commands.add_parser(
        "render", help="write a pack's rendered Markdown (for review and golden files)"
    )
    p.add_argument("trust", type=Path, metavar="TRUST_DIR")
    p.add_argument("--out", type=Path, required=True, help="folder for the Markdown files")
    p.add_argument(
        "--language",
        choices=sorted(i18n.LANGUAGES),
        default=i18n.SOURCE_LANGUAGE,
        help="language of the pages (default: en); the pack must be published in it",
    )
    today_arg(p)
    audience_arg(p)
    p = commands.add_parser("serve", help="live preview that reloads on YAML and template edits")
    p.add_argument("trust", type=Path, metavar="TRUST_DIR")
    p.add_argument(
        "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)"
    )
    today_arg(p)
    audience_arg(p)
    engine_arg(p)
    p = commands.add_parser("diff", help="what a change does to the published wording")
    p.add_argument(
        "old",
        metavar="OLD",
        help="trust folder, or REF:path for a git revision (e.g. main:trusts/northbridge)",
    )
    p.add_argument("new", metavar="NEW", help="trust folder, or REF:path")
    p.add_argument(
        "--format",
        choices=["text", "markdown"],
        default="text",
        help="markdown prints it ready to paste as a pull-request comment",
    )
    p.add_argument(
        "--exit-code", action="store_true", help="exit with status 1 when anything changes"
    )
    today_arg(p)
    audience_arg(p)
    commands.add_parser("schema", help="print the JSON Schema of trust.yml")
    p = commands.add_parser(
        "index",
        help="write OUT's index of packs, review-status.json and reviews.ics from the packs "
        "already built there (after merging shards)",
    )
    p.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    today_arg(p)
    p = commands.add_parser(
        "init", help="start a new trust folder, trusts/<slug>/, that validates at once"
    )
    p.add_argument(
        "slug", help="folder name: lower-case letters, digits and hyphens, e.g. northbridge"
    )
    return parser


def run() -> NoReturn:
    """The `policypack` command (and `python -m generator`): main(), then out at once.

    Python's own way out tears the interpreter down object by object: after a build, the
    site engine's, Markdown's and Jinja's millions of objects, 90 to 130 ms of the 0.8 s a
    one-pack build takes, and 30 to 60 ms of a 0.3 s render, spent on nothing anyone sees.
    So once main() is done, the exit handlers run as they would (logging's, multiprocessing's,
    what tempfile left to remove), the output is flushed, and the process ends with os._exit.
    Output that cannot all be written (a full disk) gives exit status 120 and one line, as
    Python's own way out does (a closed pipe, `| head`, the status alone). Only with no other
    thread alive, whose end Python would otherwise wait for, and nothing watching the run (a
    profiler, a tracer, `python -i`, whose report or prompt comes after it); otherwise, and
    after an error main() does not handle, the way out is Python's own."""
    code = int(main())
    import threading

    watched = sys.getprofile() or sys.gettrace() or sys.flags.interactive
    if watched or threading.active_count() > 1:
        sys.exit(code)
    import atexit
    import errno
    import os

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started with the stream closed (>&-)
                stream.flush()
        except (OSError, ValueError) as error:  # as Python's own way out: not a success
            code = ExitCode.OUTPUT_FAILED
            if getattr(error, "errno", None) != errno.EPIPE and stream is sys.stdout:
                with contextlib.suppress(Exception):  # one line, if it can be written at all
                    print(f"Error: the output could not all be written: {error}", file=sys.stderr)
                    sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> ExitCode:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except PolicyPackError as error:
        print(str(error) if isinstance(error, ConfigError) else f"Error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("Interrupted; earlier output is unchanged.", file=sys.stderr)
        return ExitCode.INTERRUPTED


def _folders(args: argparse.Namespace) -> list[Path]:
    if args.trusts:
        return list(args.trusts)
    if not TRUSTS_DIR.is_dir():
        raise ConfigError(
            [ConfigProblem("trusts", 1, 1, "", "no trusts/ folder here; name a trust folder")]
        )
    folders = sorted(p for p in TRUSTS_DIR.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        raise ConfigError([ConfigProblem("trusts", 1, 1, "", "no trust folders under trusts/")])
    return folders


def _load_all(folders: list[Path]) -> tuple[list[config.LoadedTrust], list[ConfigError]]:
    loaded, errors = [], []
    for folder in folders:
        try:
            loaded.append(config.load(folder))
        except ConfigError as error:
            errors.append(error)
    return loaded, errors


def _today(args: argparse.Namespace) -> dt.date:
    from generator.checking.gates import default_today

    return args.today or default_today()


def cmd_validate(args: argparse.Namespace) -> ExitCode:
    loaded, errors = _load_all(_folders(args))
    for error in errors:
        print(error, file=sys.stderr)
    for item in loaded:
        print(f"ok  {item.folder}  {item.trust.organisation.name}")
    return ExitCode.BAD_INPUT if errors else ExitCode.OK


def _gates(item: config.LoadedTrust, today: dt.date) -> GateResult:
    """Every gate for one pack, including the plain-English scores of its patient pages."""
    from generator.checking import gates
    from generator.composing import compose

    leaflet = compose.render_pack(item.folder, Audience.PUBLIC, today).readability
    public = Audience.PUBLIC in item.trust.site.audiences
    return gates.check(
        item.trust, today, leaflet, publishing_to_public=public, languages=item.languages
    )


def cmd_check(args: argparse.Namespace) -> ExitCode:
    today = _today(args)
    loaded, errors = _load_all(_folders(args))
    for error in errors:
        print(error, file=sys.stderr)
    results = [(item, _gates(item, today)) for item in loaded]
    for _, result in results:
        for failure in result.failures:
            print(f"Error: {failure}", file=sys.stderr)
        for warning in result.warnings:
            print(f"Warning: {warning}", file=sys.stderr)
    if results:
        print(f"Judged on {today.isoformat()}:")
        print(f"{'pack':<22}{'gates':<8}{'status':<10}{'version':<9}review by")
        for item, result in results:
            document = item.trust.document
            print(
                f"{item.slug:<22}{'pass' if result.passed else 'FAIL':<8}{result.state.value:<10}"
                f"{document.version:<9}{document.review_by.isoformat()}"
            )
    failed = any(not result.passed for _, result in results)
    if errors:
        return ExitCode.BAD_INPUT
    return ExitCode.GATE_FAILED if failed else ExitCode.OK


def cmd_build(args: argparse.Namespace) -> ExitCode:
    from generator.commands import batch, progress
    from generator.publishing import build, reviews

    today, audience = _today(args), Audience(args.audience)
    folders = _folders(args)
    if args.shard:
        folders = batch.shard(folders, args.shard)
    jobs = [
        batch.Job(
            folder,
            args.out,
            audience,
            today,
            draft=args.draft,
            force=args.force,
            engine=Engine(args.engine) if args.engine else None,
        )
        for folder in folders
    ]
    with progress.Reporter(len(jobs), draft=args.draft) as reporter:
        outcomes = batch.run_all(jobs, args.jobs or batch.default_workers(), reporter.report)
    if args.out.is_dir() and build.built_packs(args.out):
        for path in reviews.write_summaries(args.out, today):
            print(f"wrote {path}")
    progress.summary(outcomes)
    return max((o.exit_code for o in outcomes), default=ExitCode.OK)


def cmd_index(args: argparse.Namespace) -> ExitCode:
    from generator.publishing import build, reviews

    if not args.out.is_dir() or not build.built_packs(args.out):
        raise ConfigError([ConfigProblem(str(args.out), 1, 1, "", "no built packs in this folder")])
    for path in reviews.write_summaries(args.out, _today(args)):
        print(f"wrote {path}")
    return ExitCode.OK


def cmd_render(args: argparse.Namespace) -> ExitCode:
    from generator.composing import compose

    pack = compose.render_pack(
        args.trust, Audience(args.audience), _today(args), language=args.language
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in pack.markdown.items():
        (args.out / name).write_text(text, "utf-8")
    print(
        f"rendered {len(pack.markdown)} pages of {pack.loaded.slug} ({args.audience}, "
        f"{args.language}) into {args.out}"
    )
    return ExitCode.OK


def cmd_serve(args: argparse.Namespace) -> ExitCode:
    from generator.commands import preview

    engine = Engine(args.engine) if args.engine else None
    preview.serve(args.trust, Audience(args.audience), _today(args), args.dev_addr, engine)
    return ExitCode.OK


def cmd_schema(args: argparse.Namespace) -> ExitCode:
    from generator.reading.schema import schema_text

    sys.stdout.write(schema_text())
    return ExitCode.OK


def cmd_diff(args: argparse.Namespace) -> ExitCode:
    from generator.commands import diff

    with diff.trust_folder(args.old) as old, diff.trust_folder(args.new) as new:
        result = diff.compare(old, new, Audience(args.audience), _today(args))
        heading = f"Policy pack: {config.load(new).trust.organisation.name}"
    if args.format == "markdown":
        sys.stdout.write(diff.format_markdown(result, heading))
    else:
        sys.stdout.write(diff.format_text(result))
    return ExitCode.CHANGED if args.exit_code and result.changed else ExitCode.OK


def cmd_init(args: argparse.Namespace) -> ExitCode:
    from generator.checking.gates import default_today
    from generator.commands import scaffold

    for path in scaffold.init(args.slug, Path.cwd(), default_today()):
        print(f"wrote {path}")
    folder = Path("trusts") / args.slug
    config.load(folder)
    print(f"Next: edit {folder / 'trust.yml'}, then run: policypack serve {folder}")
    return ExitCode.OK


_COMMANDS = {
    "validate": cmd_validate,
    "check": cmd_check,
    "build": cmd_build,
    "render": cmd_render,
    "serve": cmd_serve,
    "schema": cmd_schema,
    "index": cmd_index,
    "init": cmd_init,
    "diff": cmd_diff,
}
