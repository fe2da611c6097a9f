"""The command line: check, show, dot, export and sheet over a content pack.

Exit codes: 0 fine, 1 problems (a broken pack, a file that cannot be written), 2 wrong arguments.
Wrong arguments print one line naming the argument and what it allows; never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO
from urllib.parse import urlsplit

from journey.loading import DEFAULT_DATA_DIR, PackError, check_pack, due_reviews, load_pack
from journey.model import AGE_FACT_ID, MAX_AGE_YEARS, UNKNOWN, ContentPack, Relevance
from journey.relevance import approval_words, relevance_words
from journey.report import pack_document, state_report
from journey.situation import Situation, share_url
from journey.words import ENGLISH, WORDS, languages, missing_words, use_language

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
PROG = "python -m journey"
MAX_MESSAGE_CHARS = 300


class UsageError(Exception):
    """Wrong arguments: reported in one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


#: Line breaks, terminal escapes (ESC starts colour and title sequences) and bidi overrides: in a
#: message they would break the one-line rule or let an argument rewrite what the terminal shows.
_UNSAFE_CHARS = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _safe(text: str) -> str:
    """One printable line for any terminal: bad bytes and controls escaped, length capped."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8", "replace")
    text = _UNSAFE_CHARS.sub(lambda match: match.group().encode("unicode_escape").decode(), text)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + "…"


def _age(value: str) -> int:
    # The length check comes first: int() refuses strings of more than 4300 digits.
    if not (value.isascii() and value.isdigit()) or len(value) > 3 or int(value) > MAX_AGE_YEARS:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 0 to {MAX_AGE_YEARS}, not {value!r}"
        )
    return int(value)


def _output_path(value: str) -> Path:
    if "\x00" in value:  # no file system takes it; open() would raise ValueError
        raise argparse.ArgumentTypeError("must be a file name without a NUL character")
    return Path(value)


def _base_url_problem(value: str) -> str | None:
    """What is wrong with `value` as the explorer's own address; None when nothing is."""
    if not (value.isascii() and value.isprintable()) or any(ch.isspace() for ch in value):
        return "a space or a character beyond ASCII (write a host of other letters in punycode)"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "another scheme than http or https, or no host"
    if parts.username is not None or parts.password is not None:
        return "a user name or password"
    try:
        parts.port  # noqa: B018 - reading it checks it: a bad port raises ValueError
    except ValueError:
        return "a port that is not a number from 0 to 65535"
    if "?" in value or "#" in value:
        return "a query or fragment (the sheet adds its own)"
    return None


def _base_url(value: str) -> str:
    """The explorer's own address, for the sheet's link back and its QR code."""
    problem = _base_url_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(
            "must be the explorer's web address, http:// or https:// and a host, with no user"
            f" name, password, spaces, query or fragment; this has {problem}: {value!r}"
        )
    return value


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA_DIR, metavar="DIR", help="content pack folder"
    )


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=languages(),
        default=ENGLISH,
        help="the language of the words and the content (default: en)",
    )


def _days(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or len(value) > 5:
        raise argparse.ArgumentTypeError(f"must be a whole number of days, not {value!r}")
    return int(value)


#: Commands whose flags come from the pack's facts: the pack is read before their flags are.
_PACK_COMMANDS = ("show", "dot", "sheet")
_COMMANDS = ("check", "show", "dot", "export", "sheet")


def _add_situation(parser: argparse.ArgumentParser, pack: ContentPack | None) -> None:
    """One flag per fact of the pack (`--ph`, `--mrd` ...) and `--age`."""
    for fact in pack.choice_facts if pack is not None else ():
        parser.add_argument(
            f"--{fact.id}", choices=fact.value_ids, default=UNKNOWN, help=fact.label
        )
    parser.add_argument(
        f"--{AGE_FACT_ID}", type=_age, default=None, metavar="N", help="whole years"
    )


def build_parser(pack: ContentPack | None = None) -> argparse.ArgumentParser:
    """The whole command line; the situation flags and state ids come from `pack` when given."""
    parser = _Parser(prog=PROG, description="Explore the ALL treatment journey content pack.")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="{check,show,dot,export,sheet}", parser_class=_Parser
    )

    check = commands.add_parser("check", help="validate a content pack")
    _add_data(check)
    check.add_argument(
        "--due",
        type=_days,
        default=None,
        metavar="DAYS",
        help="also list rows not re-checked for DAYS days (never changes the exit status)",
    )

    show = commands.add_parser("show", help="options, tests and questions for a state")
    states = [step.id for step in pack.state_steps] if pack is not None else None
    show.add_argument("--state", required=True, choices=states)
    _add_situation(show, pack)
    show.add_argument("--format", choices=("text", "json"), default="text")
    _add_data(show)
    _add_lang(show)

    dot = commands.add_parser("dot", help="DOT source of the journey diagram")
    dot.add_argument("--step", default=None, metavar="ID")
    _add_situation(dot, pack)
    _add_data(dot)
    _add_lang(dot)

    export = commands.add_parser("export", help="the whole content pack as JSON")
    export.add_argument("--format", choices=("json",), required=True)
    _add_data(export)
    _add_lang(export)

    sheet = commands.add_parser("sheet", help="the family discussion sheet")
    sheet.add_argument("--step", default=None, metavar="ID")
    _add_situation(sheet, pack)
    sheet.add_argument("--questions", default="", metavar="ID,...")
    sheet.add_argument("--format", choices=("md", "pdf"), required=True)
    sheet.add_argument("-o", "--output", type=_output_path, required=True, metavar="FILE")
    sheet.add_argument(
        "--url",
        type=_base_url,
        default=None,
        metavar="BASE",
        help="the explorer's web address (https://host/ or a page of it): the sheet then prints"
        " the whole link back, and the PDF a QR code of it; without it, the part to add",
    )
    _add_data(sheet)
    _add_lang(sheet)
    return parser


def _situation(pack: ContentPack, args: argparse.Namespace, step: str | None = None) -> Situation:
    facts = tuple((fact.id, getattr(args, fact.id)) for fact in pack.choice_facts)
    return Situation(step=step, facts=facts, age=args.age)


def _pack_for(argv: Sequence[str] | None) -> ContentPack | None:
    """The pack whose facts a command's flags come from; None for commands that need none.

    Read before the full parse, so `--mrd` exists exactly when the pack declares that fact.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    command = next((arg for arg in args if not arg.startswith("-")), None)
    if command not in _PACK_COMMANDS or "-h" in args or "--help" in args:
        return None
    pre = _Parser(prog=f"{PROG} {command}", add_help=False)
    _add_data(pre)
    _add_lang(pre)
    known, _ = pre.parse_known_args(args)
    return load_pack(known.data, lang=_pack_language(known.lang))


def _pack_language(lang: str) -> str:
    """The `lang` of load_pack: "" for the English pack itself."""
    return "" if lang == ENGLISH else lang


def _checked_step(pack: ContentPack, command: str, step: str | None) -> str | None:
    if step is not None and not pack.has_step(step):
        allowed = ", ".join(pack.step_ids)
        raise UsageError(
            f"{PROG} {command}: argument --step: invalid choice: {step!r} (choose from {allowed})"
        )
    return step


def _print_options(options: list[dict], out: TextIO) -> None:
    for option in options:
        words = relevance_words(Relevance(option["applies"]), fda_only=option["fda_only"])
        out.write(f"  [{words}] {option['name']}\n      {option['reason']}\n")
        for approval in option["approvals"]:
            newer = approval["newer_than_summary"]
            words = approval_words(approval["date"], approval["for"], newer_than_summary=newer)
            out.write(f"      {words}\n")


def _print_clinic_words(names: list[str], out: TextIO) -> None:
    if names:
        out.write(f"{WORDS.clinic_words_lead}: {', '.join(names)}\n")


def _print_text_report(report: dict, out: TextIO) -> None:
    out.write(f"{report['state_title']}\n{report['state_summary']}\n")
    _print_clinic_words(report["state_clinic_words"], out)
    out.write("\n" + WORDS.cli_next_phase.format(phase=report["phase_title"]) + "\n")
    _print_clinic_words(report["phase_clinic_words"], out)
    out.write("\n")
    if "childhood" in report:
        out.write(f"{report['childhood']}\n\n")
    out.write(f"{WORDS.cli_options_heading}:\n")
    listed = [o for o in report["options"] if not o["fda_only"]]
    _print_options(listed, out)
    if not listed:
        out.write(f"  {WORDS.cli_no_options}\n")
    others = [o for o in report["options"] if o["fda_only"]]
    if others:
        out.write(f"\n{WORDS.not_in_summary_words}:\n")
        _print_options(others, out)
    out.write(f"\n{WORDS.cli_tests_heading}:\n")
    for test in report["tests"]:
        out.write(f"  - {test['name']}\n")
    out.write(f"\n{WORDS.cli_questions_heading}:\n")
    for question in report["questions"]:
        out.write(f"  - {question['text']}\n")
    out.write(f"\n{WORDS.cli_next_heading}:\n")
    for step in report["next_steps"]:
        out.write(f"  - {step['when']}: {step['title']}\n")
    out.write(f"\n{WORDS.cli_sources_heading}:\n")
    for source in report["sources"]:
        out.write(
            f"  - {source['title']} ({source['publisher']}, {source['version_date']})"
            f" {source['url']}\n"
        )
    out.write(f"\n{report['disclaimer']}\n")


def _run(args: argparse.Namespace, pack: ContentPack | None, out: TextIO, err: TextIO) -> int:
    if args.command == "check":
        if args.due is not None:
            for due in due_reviews(args.data, args.due):
                out.write(_safe(str(due)) + "\n")
        problems = check_pack(args.data)
        for problem in problems:
            err.write(_safe(str(problem)) + "\n")
        if problems:
            err.write(_safe(f"{len(problems)} problem(s) found in {args.data}") + "\n")
        word_problems = missing_words()
        for problem in word_problems:
            err.write(_safe(problem) + "\n")
        if word_problems:
            err.write(_safe(f"{len(word_problems)} problem(s) found in the word catalogs") + "\n")
        if problems or word_problems:
            return EXIT_PROBLEMS
        out.write(_safe(f"ok: {args.data} is a valid content pack") + "\n")
        return EXIT_OK

    pack = pack or load_pack(args.data, lang=_pack_language(args.lang))
    if args.command == "show":
        report = state_report(pack, args.state, _situation(pack, args))
        if args.format == "json":
            json.dump(report, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            _print_text_report(report, out)
        return EXIT_OK
    if args.command == "dot":
        from journey.diagram import build_diagram

        step = _checked_step(pack, "dot", args.step)
        out.write(build_diagram(pack, _situation(pack, args, step)).source)
        return EXIT_OK
    if args.command == "export":
        json.dump(pack_document(pack), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    if args.command == "sheet":
        from journey.sheet import BasketItem, FontMissingError, SheetRequest, write_sheet

        step = _checked_step(pack, "sheet", args.step)
        ids = tuple(
            dict.fromkeys(item.strip() for item in args.questions.split(",") if item.strip())
        )
        unknown = [item for item in ids if not pack.has_question(item)]
        if unknown:  # one line, however many: a pasted list must not flood the terminal
            listed = ", ".join(repr(item) for item in unknown)
            err.write(_safe(f"{PROG} sheet: unknown question id(s) skipped: {listed}") + "\n")
        situation = _situation(pack, args, step)
        known = tuple(item for item in ids if pack.has_question(item))
        request = SheetRequest(
            situation=situation,
            items=tuple(BasketItem(question_id=item) for item in known),
            share_url=share_url(args.url, situation, known) if args.url else "",
        )
        try:
            write_sheet(pack, request, args.format, args.output)
        except OSError as error:
            err.write(
                _safe(f"{PROG} sheet: cannot write {args.output}: {error.strerror or error}") + "\n"
            )
            return EXIT_PROBLEMS
        except FontMissingError as error:
            err.write(_safe(f"{PROG} sheet: {error}") + "\n")
            return EXIT_PROBLEMS
        out.write(_safe(f"wrote {args.output}") + "\n")
        return EXIT_OK
    raise UsageError(f"{PROG}: unknown command")  # pragma: no cover - argparse rejects it first


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        pack = _pack_for(argv)
        with contextlib.redirect_stdout(out):  # where argparse prints --help
            args = build_parser(pack).parse_args(argv)
        with use_language(getattr(args, "lang", ENGLISH)):
            return _run(args, pack, out, err)
    except SystemExit as done:  # only --help gets here: usage errors raise UsageError
        return done.code if isinstance(done.code, int) else EXIT_OK
    except UsageError as error:
        err.write(_safe(str(error)) + "\n")
        return EXIT_USAGE
    except PackError as error:
        for problem in error.problems:
            err.write(_safe(str(problem)) + "\n")
        err.write(
            f"{len(error.problems)} problem(s) in the content pack; run: {PROG} check --data DIR\n"
        )
        return EXIT_PROBLEMS
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
