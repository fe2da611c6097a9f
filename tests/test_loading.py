"""Loading and checking packs: the minimal pack loads; every broken pack is reported precisely."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys

import pytest

from journey.building import FIELD_FOR_COLUMN, ROW_TYPES
from journey.cli import main
from journey.loading import PackError, check_pack, data_dir_from_env, load_pack
from journey.model import AliasTable, Category, StepKind
from journey.tables import TABLES, TABLES_BY_NAME
from tests.fixtures import make_min_pack
from tests.fixtures.make_broken_packs import CASES, EXPECTED
from tests.packs import MIN_PACK, ROOT, broken_pack


def test_minimal_pack_loads_into_frozen_typed_objects():
    pack = load_pack(MIN_PACK)
    assert pack.step("induction").kind is StepKind.PHASE
    assert pack.option("ind_chemo").category is Category.CHEMOTHERAPY
    assert pack.option("again_young").alternatives == (
        ("lineage_b", "age_up_to_25"),
        ("came_back_later", "team_judges"),
    )
    assert [a.date for a in pack.option("again_young").approvals] == ["2020-05-01", "2026-02-01"]
    assert pack.fact("relapse").asked_at == ("recurrent",)
    assert pack.current_id(AliasTable.STEPS, "old_start") == "start"
    assert pack.drug("pilla").brands == ("Pillo",)
    with pytest.raises(AttributeError):
        pack.step("induction").title = "changed"


def test_every_broken_case_has_an_expected_message():
    assert set(EXPECTED) == set(CASES)


def test_the_committed_minimal_pack_is_what_its_generator_writes(tmp_path):
    make_min_pack.main(tmp_path)
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(path.name for path in MIN_PACK.iterdir())
    for name in written:
        assert (tmp_path / name).read_bytes() == (MIN_PACK / name).read_bytes(), name


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_pack_names_file_row_and_problem(case, tmp_path):
    file, row, words = EXPECTED[case]
    problems = check_pack(broken_pack(case, tmp_path))
    assert problems, f"{case}: no problem reported"
    listed = [str(problem) for problem in problems]
    # Every problem is in the file the case damages, so it can never pass on other damage.
    assert {problem.file for problem in problems} == {file}, listed
    assert any(p.row == row and words in str(p) for p in problems), listed


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_cli_check_lists_problem_and_exits_1(case, tmp_path):
    folder = broken_pack(case, tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", "--data", str(folder)], out=out, err=err) == 1
    file, row, _ = EXPECTED[case]
    where = file if row is None else f"{file}:{row}:"
    assert where in err.getvalue()
    assert "problem(s) found" in err.getvalue()


def test_cli_check_in_a_real_process_exits_1_without_traceback(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "journey",
            "check",
            "--data",
            str(broken_pack("not_utf8", tmp_path)),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "texts.csv:2: is not UTF-8" in result.stderr


def test_all_problems_are_reported_at_once(tmp_path):
    folder = broken_pack("empty_text", tmp_path)
    (folder / "sources.csv").write_text(
        (folder / "sources.csv").read_text(encoding="utf-8")
        + "src_b,Source B,Test,https://example.org/b,2025,2026-11-25,\n",
        encoding="utf-8",
    )
    (folder / "glossary.csv").unlink()
    messages = [str(problem) for problem in check_pack(folder)]
    assert any("steps.csv:2: summary: is empty" in m for m in messages)
    assert any("never cited" in m for m in messages)
    assert any("glossary.csv: file is missing" in m for m in messages)


def test_load_pack_raises_with_every_problem(tmp_path):
    with pytest.raises(PackError) as caught:
        load_pack(broken_pack("dangling_reference", tmp_path))
    assert len(caught.value.problems) >= 1
    assert "no_such_drug" in str(caught.value.problems[0])


def test_a_missing_folder_is_one_clear_problem(tmp_path):
    problems = check_pack(tmp_path / "nowhere")
    assert len(problems) == 1 and "is not a folder" in str(problems[0])


def test_pack_folder_comes_from_journey_data_when_set(monkeypatch, tmp_path):
    monkeypatch.setenv("JOURNEY_DATA", str(tmp_path))
    assert data_dir_from_env() == tmp_path
    monkeypatch.setenv("JOURNEY_DATA", "  ")
    assert data_dir_from_env().name == "data"


def test_the_pack_is_truly_immutable_so_one_cached_copy_can_serve_every_session():
    pack = load_pack(MIN_PACK)
    changed = dataclasses.replace(pack, glossary=())
    assert pack.glossary_term("blast").term == "Blast"  # the original keeps its own index
    with pytest.raises(KeyError):
        changed.glossary_term("blast")
    with pytest.raises(TypeError):
        pack._index["glossary"]["x"] = None  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.steps = ()  # type: ignore[misc]


def test_every_column_of_the_registry_is_a_field_of_its_model_row():
    """The builder fills fields by column name; a column with no field would be lost."""
    for table_name, row_type in ROW_TYPES.items():
        fields = {field.name for field in dataclasses.fields(row_type)}
        for column in TABLES_BY_NAME[table_name].column_names:
            name = FIELD_FOR_COLUMN.get((table_name, column), column)
            assert name in fields, f"{table_name}.csv column {column} has no field on {row_type}"


def test_every_table_of_the_registry_is_built_into_the_pack():
    """A table is a kind of row, or a list held by one (a child), or the options' alternatives."""
    from journey.building import CHILDREN

    held = {child.table for child in CHILDREN.values()} | {"option_conditions"}
    assert {table.name for table in TABLES} == set(ROW_TYPES) | held
    pack_fields = {field.name for field in dataclasses.fields(load_pack(MIN_PACK)) if field.init}
    # english_terms is no table: a translated pack's English names of its key terms
    assert pack_fields == {"info", "english_terms"} | (set(ROW_TYPES) - held - {"pack"})
