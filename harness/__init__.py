"""Tools shared by the tests and the benchmark: start an app server, drive Debian's Chromium.

Neither tests/ nor bench/ imports the other; both import this. Not part of the app (the
Dockerfile leaves it out).
"""
