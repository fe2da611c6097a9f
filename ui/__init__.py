"""The only Streamlit-aware helpers: view state <-> URL, cached content, shared components."""
