"""`python -m journey sheet`: the discussion sheet from the command line."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from journey.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main
from journey.sheet import unescape_markdown
from journey.words import WORDS

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PACK = Path(__file__).parent / "fixtures" / "pack_min"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["sheet", "--data", str(FIXTURE_PACK), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_sheet_writes_markdown(tmp_path: Path) -> None:
    target = tmp_path / "sheet.md"
    code, out, err = run(
        "--step", "induction", "--ph", "positive", "--age", "45",
        "--questions", "q_any,q_start", "--format", "md", "-o", str(target),
    )  # fmt: skip
    assert (code, err) == (EXIT_OK, "")
    assert out == f"wrote {target}\n"
    markdown = unescape_markdown(target.read_text(encoding="utf-8"))
    assert "Text for disclaimer." in markdown
    assert "- **Pilla — Listed for situations like yours.** Ph matches." in markdown
    assert markdown.index("1. Who do I call?") < markdown.index("2. What tests will I have?")
    assert "`?step=induction&ph=positive&age=45&q=q_any%2Cq_start`" in markdown


def test_sheet_writes_pdf(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    code, _, err = run("--step", "induction", "--format", "pdf", "-o", str(target))
    assert (code, err) == (EXIT_OK, "")
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Text for disclaimer." in text
    assert "May be listed for you: it depends" in text


def test_sheet_reports_and_skips_unknown_question_ids(tmp_path: Path) -> None:
    target = tmp_path / "sheet.md"
    code, _, err = run(
        "--questions", "q_any,nope,q_start,nope", "--format", "md", "-o", str(target)
    )
    assert code == EXIT_OK
    lines = err.splitlines()
    assert len(lines) == 1  # one line, naming each unknown id once
    assert lines[0].startswith("python -m journey sheet: unknown question id")
    assert lines[0].count("'nope'") == 1 and "q_any" not in lines[0]
    markdown = unescape_markdown(target.read_text(encoding="utf-8"))
    assert "1. Who do I call?" in markdown and "2. What tests will I have?" in markdown
    assert "nope" not in markdown


@pytest.mark.parametrize("where", ["missing folder", "a folder"])
def test_sheet_to_an_unwritable_path_exits_1_with_one_line(tmp_path: Path, where: str) -> None:
    target = tmp_path / "missing" / "sheet.md" if where == "missing folder" else tmp_path
    code, out, err = run("--format", "md", "-o", str(target))
    assert code == EXIT_PROBLEMS
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"python -m journey sheet: cannot write {target}")


def test_sheet_with_a_bad_format_exits_2_with_one_line(tmp_path: Path) -> None:
    code, out, err = run("--format", "html", "-o", str(tmp_path / "sheet.html"))
    assert code == EXIT_USAGE
    assert out == ""
    assert len(err.splitlines()) == 1 and "--format" in err and "md" in err and "pdf" in err
    assert not (tmp_path / "sheet.html").exists()


def test_sheet_with_an_unknown_step_exits_2(tmp_path: Path) -> None:
    code, _, err = run("--step", "nowhere", "--format", "md", "-o", str(tmp_path / "s.md"))
    assert code == EXIT_USAGE
    assert "--step" in err and len(err.splitlines()) == 1


def test_sheet_runs_as_a_program(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    result = subprocess.run(
        [
            sys.executable, "-m", "journey", "sheet", "--data", str(FIXTURE_PACK),
            "--step", "untreated", "--format", "pdf", "-o", str(target),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stderr == ""
    assert target.read_bytes().startswith(b"%PDF")


def test_sheet_with_the_explorers_address_prints_the_whole_link_back(tmp_path: Path) -> None:
    link = "https://explorer.example.org/discussion_sheet?step=induction&ph=positive&q=q_any"
    for fmt in ("md", "pdf"):
        target = tmp_path / f"sheet.{fmt}"
        code, _, err = run(
            "--step", "induction", "--ph", "positive", "--questions", "q_any,nope",
            "--url", "https://explorer.example.org/discussion_sheet", "--format", fmt,
            "-o", str(target),
        )  # fmt: skip
        assert code == EXIT_OK and "nope" in err  # an unknown id is left out of the link too
        if fmt == "md":
            assert f"<{link}>" in target.read_text(encoding="utf-8")
        else:
            reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
            text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
            assert link in text and re.sub(r"\s+", "", WORDS.share_code_holds) in text


def test_sheet_without_an_address_prints_the_part_to_add(tmp_path: Path) -> None:
    target = tmp_path / "sheet.md"
    assert run("--step", "induction", "--format", "md", "-o", str(target))[0] == EXIT_OK
    markdown = unescape_markdown(target.read_text(encoding="utf-8"))
    assert "`?step=induction`" in markdown and "://" not in markdown.split("## Reopen")[1][:200]


@pytest.mark.parametrize(
    ("base", "words"),
    [
        ("ftp://explorer.example.org/", "another scheme"),
        ("javascript:alert(1)", "another scheme"),
        ("explorer.example.org", "another scheme"),
        ("https://", "no host"),
        ("https://user:secret@explorer.example.org/", "user name or password"),
        ("https://token@explorer.example.org/", "user name or password"),
        ("https://explorer.example.org/a b", "a space"),
        ("https://explorer.example.org/\tx", "a space"),
        ("https://explorer.example.org/\x1b[2J", "beyond ASCII"),
        ("https://explorer.example.org:99999/", "a port"),
        ("https://explorer.example.org/?step=x", "query or fragment"),
        ("https://explorer.example.org/#top", "query or fragment"),
        ("https://é.example.org/", "punycode"),
    ],
)
def test_sheet_with_a_bad_address_exits_2_with_one_line(
    tmp_path: Path, base: str, words: str
) -> None:
    target = tmp_path / "sheet.pdf"
    code, out, err = run("--url", base, "--format", "pdf", "-o", str(target))
    assert (code, out) == (EXIT_USAGE, "")
    assert len(err.splitlines()) == 1 and "--url" in err and words in err, err
    assert "\x1b" not in err  # shown escaped, never sent to the terminal
    assert not target.exists()


# ---------------------------------------------------------------- in Spanish

REAL_DATA = Path(__file__).resolve().parent.parent / "data"


def _main(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_show_in_spanish_uses_spanish_words_and_content() -> None:
    from journey.loading import load_pack
    from journey.words import words

    code, out, _ = _main("show", "--state", "untreated", "--lang", "es", "--data", str(REAL_DATA))
    assert code == EXIT_OK
    spanish = load_pack(REAL_DATA, lang="es")
    assert spanish.step("untreated").title in out
    assert words("es").cli_options_heading in out
    assert words("en").cli_options_heading not in out


def test_a_spanish_sheet_writes_dates_the_spanish_way_and_links_in_spanish(tmp_path: Path) -> None:
    import datetime

    from journey.words import words

    target = tmp_path / "hoja.md"
    code, _, _ = _main(
        "sheet", "--lang", "es", "--data", str(REAL_DATA), "--step", "induction",
        "--format", "md", "-o", str(target), "--url", "https://example.org/",
    )  # fmt: skip
    assert code == EXIT_OK
    text = unescape_markdown(target.read_text(encoding="utf-8"))
    today = datetime.date.today()
    month = words("es").month_names[today.month - 1]
    assert f"{today.day} de {month} de {today.year}" in text
    assert "lang=es" in text  # the share link opens the explorer in Spanish
    assert "¿" in text


def test_a_spanish_pdf_prints_accents_and_spanish_marks(tmp_path: Path) -> None:
    target = tmp_path / "hoja.pdf"
    code, _, err = _main(
        "sheet", "--lang", "es", "--data", str(REAL_DATA), "--step", "induction",
        "--format", "pdf", "-o", str(target),
    )  # fmt: skip
    assert code == EXIT_OK, err
    text = "".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    for mark in ("¿", "ñ", "ó", "é", "í"):
        assert mark in text, mark
    assert "Terapia de inducción" in text


@pytest.mark.parametrize("command", ["show", "dot", "export", "sheet"])
def test_a_bad_language_exits_2_with_one_line(command: str, tmp_path: Path) -> None:
    extra = {
        "show": ["--state", "untreated"],
        "dot": [],
        "export": ["--format", "json"],
        "sheet": ["--format", "md", "-o", str(tmp_path / "s.md")],
    }[command]
    code, out, err = _main(command, *extra, "--lang", "xx")
    assert code == EXIT_USAGE
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "--lang" in err


def test_spanish_asked_of_a_pack_without_it_says_so() -> None:
    code, _out, err = _main(
        "show", "--state", "remission", "--lang", "es", "--data", str(FIXTURE_PACK)
    )
    assert code == EXIT_PROBLEMS
    assert "es/: the pack has no Spanish (no folder es/)" in err
