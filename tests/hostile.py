"""Hostile input shared by the fuzz, AppTest, browser and soak tests: nasty strings and strategies.

One list, so every door (the URL, the CLI, the notes box) is tried with the same nasty text and
docs/security.md can name it once.
"""

from __future__ import annotations

from hypothesis import strategies as st

#: Long enough to trip any length limit the URL door or the CLI might have forgotten.
LONG = "a" * 10_000

#: Values a shared link, a typo or an attacker may put where an id, a fact or an age belongs.
NASTY_STRINGS: tuple[str, ...] = (
    "",
    " ",
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE steps; --",
    "' OR 1=1 --",
    "{{7*7}}${7*7}",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "../../etc/passwd",
    "\x00",
    "\x1b[31mred\x1b[0m",
    "line\r\nSet-Cookie: x=1",
    "\u202eevil\u202c",
    "positive\u200b",
    "POSITIVE",
    "٣٠",  # Arabic-Indic digits
    "३०",  # Devanagari digits
    "\uff13\uff10",  # fullwidth digits
    "\U0001d7d9\U0001d7e0",  # mathematical double-struck digits
    "-1",
    "1e3",
    "0x10",
    "18.0",
    "+18",
    " 18",
    "999999999999999999999999",
    "NaN",
    "null",
    "😀" * 50,
    LONG,
)

#: What a shared link must survive: good keys with nasty values, unknown keys, repeated keys.
NASTY_QUERIES: tuple[str, ...] = (
    "step=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "ph=' OR 1=1 --&lineage=B&kmt2a=maybe&cns=%00",
    "age=%D9%A3%D9%A0",  # Arabic-Indic "30"
    "age=-1&age=121&age=1e3",
    "ph=positive&ph=negative&ph=<b>x</b>",  # repeated key: the last one counts
    "q=nope,%3Cscript%3E,,,q_x&q=" + ",".join(["zz"] * 200),
    "step=" + "a" * 10_000,
    "utm_source=mail&fbclid=abc&step=untreated",
    "%FF%FE=%FF&cns=%E2%80%AE",  # bytes that are not UTF-8, an RTL override
    "step=javascript:alert(1)&age=18.5",
)


def hostile_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Any Unicode text, the nasty strings above, or one character repeated up to 10,000 times."""
    return st.one_of(
        st.text(max_size=max_size),
        st.sampled_from(NASTY_STRINGS),
        st.builds(lambda char, count: char * count, st.characters(), st.integers(1_000, 10_000)),
    )
