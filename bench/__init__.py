"""The benchmark harness: what a user waits for, beside a minimal Streamlit app, in one run.

Not tests: nothing here asserts a timing. `python -m bench` (or `make bench`) runs every
measurement, prints a table and writes bench/results.json; see bench/README.md.
"""
