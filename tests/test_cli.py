"""`python -m journey`: good arguments work; wrong ones exit 2 with one line, no traceback."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys

import pytest

from journey.cli import main
from tests.packs import MIN_PACK, ROOT

DATA = ["--data", str(MIN_PACK)]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_check_passes_on_a_valid_pack():
    code, out, err = run("check", *DATA)
    assert (code, err) == (0, "")
    assert "valid content pack" in out


def test_show_json_has_the_documented_fields():
    code, out, _ = run(
        "show", "--state", "untreated", "--ph", "negative", "--format", "json", *DATA
    )
    assert code == 0
    report = json.loads(out)
    assert {
        "state",
        "phase",
        "disclaimer",
        "options",
        "tests",
        "questions",
        "next_steps",
        "sources",
    } <= set(report)
    assert report["state"] == "untreated" and report["phase"] == "induction"
    options = {option["id"]: option for option in report["options"]}
    assert options["ind_pilla"]["applies"] == "no"
    assert options["ind_pilla"]["drugs"] == ["pilla"]
    assert options["ind_chemo"]["applies"] == "yes"
    assert set(options["ind_chemo"]) >= {
        "id",
        "name",
        "category",
        "drugs",
        "applies",
        "reason",
        "sources",
    }
    assert report["sources"][0]["id"] == "src_a"


def test_show_text_labels_relevance_in_words():
    code, out, _ = run(
        "show", "--state", "recurrent", "--lineage", "t", "--relapse", "first", *DATA
    )
    assert code == 0
    assert "[FDA-approved for other situations] Young B" in out
    assert "Text for disclaimer." in out


def test_show_for_a_child_points_to_the_childhood_summary():
    code, out, _ = run("show", "--state", "untreated", "--age", "12", "--format", "json", *DATA)
    report = json.loads(out)
    assert code == 0 and report["options"] == []
    assert report["childhood"] == "Text for childhood_pointer."


def test_dot_marks_the_step_and_carries_the_situation():
    code, out, _ = run("dot", "--step", "post", "--kmt2a", "yes", *DATA)
    assert code == 0 and out.startswith("digraph journey {")
    assert 'URL="?step=start&kmt2a=yes"' in out


def test_export_gives_the_whole_pack():
    code, out, _ = run("export", "--format", "json", *DATA)
    document = json.loads(out)
    assert code == 0
    assert len(document["steps"]) == 8 and document["info"]["id"] == "mini"
    assert document["options"][1]["alternatives"] == [["ph_positive"]]
    assert document["options"][2]["approvals"][0]["approved_for"] == (
        "Young people with B-cell disease."
    )


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ["show", "--state", "staged"],
            "--state: invalid choice: 'staged' (choose from 'untreated', 'remission'",
        ),
        (
            ["show", "--state", "remission", "--ph", "yes"],
            "--ph: invalid choice: 'yes' (choose from 'positive'",
        ),
        (["show", "--state", "remission", "--lineage", "x"], "--lineage: invalid choice"),
        (
            ["show", "--state", "remission", "--age", "abc"],
            "--age: must be a whole number from 0 to 120",
        ),
        (["show", "--state", "remission", "--age", "٣٠"], "--age: must be a whole number"),
        (["show", "--state", "remission", "--format", "xml"], "--format: invalid choice: 'xml'"),
        (
            ["dot", "--step", "nowhere"],
            "--step: invalid choice: 'nowhere' (choose from start, untreated",
        ),
        (["export", "--format", "csv"], "--format: invalid choice: 'csv' (choose from 'json')"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "required"),
        (["show", "--state", "remission", "--bogus"], "unrecognized arguments: --bogus"),
        (["show"], "the following arguments are required: --state"),
    ],
)
def test_wrong_arguments_exit_2_with_one_line(argv, words):
    code, out, err = run(*argv, *(DATA if argv and argv[0] in {"dot"} else []))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert words in err


def test_hostile_bytes_in_arguments_do_not_crash_the_message():
    code, _, err = run("show", "--state", "remission", "--ph", "\udcff<script>" + "x" * 5000)
    assert code == 2 and err.count("\n") == 1
    assert len(err) < 400


def test_missing_pack_exits_1_with_the_problem():
    code, _, err = run("show", "--state", "remission", "--data", "/no/such/folder")
    assert code == 1
    assert "/no/such/folder: is not a folder" in err


def test_module_entry_point_runs_in_a_real_process():
    result = subprocess.run(
        [sys.executable, "-m", "journey", "show", "--state", "remission", "--ph", "bad", *DATA],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "--ph: invalid choice" in result.stderr


def test_show_puts_what_the_summary_does_not_list_apart_with_its_approvals():
    code, out, _ = run("show", "--state", "recurrent", "--lineage", "b", "--age", "20", *DATA)
    listed, _, apart = out.partition("FDA-approved for this; not in the summary:")
    assert code == 0 and apart, out
    assert "Young B" not in listed and "[FDA-approved for situations like yours] Young B" in apart
    assert "FDA-approved 2020-05-01: Young people with B-cell disease." in apart
    assert "2020-05-01: Young people with B-cell disease. (newer" not in apart
    assert "FDA-approved 2026-02-01: Also after a second return. (newer than the summary)" in apart


def test_show_json_says_whether_the_summary_lists_an_option_and_what_its_label_covers():
    code, out, _ = run("show", "--state", "recurrent", "--format", "json", *DATA)
    (option,) = json.loads(out)["options"]
    assert code == 0
    assert option["listed_in_summary"] is False and option["label_status"] == "approved"
    assert option["approvals"][0] == {
        "date": "2020-05-01",
        "for": "Young people with B-cell disease.",
        "source": "src_a",
        "newer_than_summary": False,
    }


@pytest.mark.parametrize("flag", ["--relapse", "--ph", "--state"])
def test_a_bad_value_of_a_pack_flag_exits_2_with_one_line_naming_the_allowed_values(flag):
    argv = ["show", "--state", "recurrent", flag, "sometimes", *DATA]
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and flag in err and "choose from" in err


def test_check_due_lists_rows_not_rechecked_and_never_changes_the_exit(tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(MIN_PACK, folder)
    code, out, _ = run("check", "--due", "36500", "--data", str(folder))
    assert code == 0 and out.startswith("ok:")
    code, out, _ = run("check", "--due", "0", "--data", str(folder))
    lines = out.splitlines()
    assert code == 0 and lines[-1].startswith("ok:")
    assert re.fullmatch(
        r"[a-z_]+\.csv:\d+: reviewed_on \d{4}-\d{2}-\d{2}, \d+ days overdue", lines[0]
    )
    (folder / "steps.csv").unlink()
    code, out, _ = run("check", "--due", "0", "--data", str(folder))
    assert code == 1 and "days overdue" in out, "a broken pack still lists what is due"
