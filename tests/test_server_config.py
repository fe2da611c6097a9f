"""Production settings in .streamlit/config.toml: private, quiet about errors, closed by default.

Streamlit ignores a key it does not know, silently; so each key is also checked against the options
the installed Streamlit really has, and the effective values are read back through Streamlit itself.
"""

from __future__ import annotations

import tomllib

import pytest
from streamlit import config as streamlit_config

from tests.packs import ROOT

CONFIG_FILE = ROOT / ".streamlit" / "config.toml"
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
LOOPBACK = "127.0.0.1"


@pytest.fixture(scope="module")
def settings() -> dict[str, object]:
    """`section.key: value` for every key in the file (`theme.dark.primaryColor` for a key of a
    nested table such as `[theme.dark]`)."""

    def flat(table: dict[str, object], prefix: str) -> dict[str, object]:
        found: dict[str, object] = {}
        for key, value in table.items():
            if isinstance(value, dict):
                found |= flat(value, f"{prefix}{key}.")
            else:
                found[f"{prefix}{key}"] = value
        return found

    return flat(tomllib.loads(CONFIG_FILE.read_text(encoding="utf-8")), "")


def test_every_key_is_a_real_streamlit_option(settings):
    known = streamlit_config.get_config_options()
    unknown = sorted(set(settings) - set(known))
    assert not unknown, f"Streamlit would silently ignore {unknown}"


@pytest.mark.parametrize(
    ("option", "required"),
    [
        ("browser.gatherUsageStats", False),  # no telemetry request to a Streamlit host
        ("client.showErrorDetails", "none"),  # a generic message, never a traceback, for users
        ("client.showErrorLinks", False),  # no links to outside sites in error boxes
        ("server.enableXsrfProtection", True),
        ("client.toolbarMode", "viewer"),  # no developer menu for patients
        ("server.address", LOOPBACK),  # loopback unless the operator says otherwise
        ("server.headless", True),
        ("runner.postScriptGC", False),  # a full GC after each run was half a busy server's CPU
        # Streamlit's file-name menu of the first run stays hidden; ui/frame.py turns it on
        ("client.showSidebarNavigation", False),
    ],
)
def test_production_setting(settings, option, required):
    assert settings.get(option) == required, f"{option} must be {required!r} in {CONFIG_FILE}"


def test_uploads_are_off_or_minimal(settings):
    assert settings.get("server.maxUploadSize", 200) <= 1


def test_nothing_reopens_what_the_defaults_close(settings):
    """CORS protection (needed by XSRF protection) and static file serving keep their defaults."""
    assert settings.get("server.enableCORS", True) is True
    assert settings.get("server.enableStaticServing", False) is False
    assert settings.get("global.developmentMode", False) is False
    assert "server.corsAllowedOrigins" not in settings


def test_streamlit_reads_the_same_values_from_the_file(monkeypatch, settings):
    """Parsed by Streamlit itself from the repo root, as `streamlit run app.py` does."""
    monkeypatch.chdir(ROOT)
    try:
        streamlit_config.get_config_options(force_reparse=True)
        for option in (
            "browser.gatherUsageStats",
            "client.showErrorDetails",
            "server.enableXsrfProtection",
            "server.address",
            "server.maxUploadSize",
            "client.toolbarMode",
        ):
            assert streamlit_config.get_option(option) == settings[option], option
    finally:
        streamlit_config.get_config_options(force_reparse=True)


def test_the_deploy_guide_says_how_to_listen_elsewhere():
    """Loopback is the default; the operator's way out is documented, not guessed."""
    text = DEPLOY_DOC.read_text(encoding="utf-8")
    assert f'server.address = "{LOOPBACK}"' in text
    assert "--server.address" in text
