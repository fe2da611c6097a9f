"""Real-browser tests (Playwright driving Debian chromium); every test here is marked e2e."""
