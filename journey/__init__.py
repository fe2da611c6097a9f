"""The ALL journey engine: content, model, rules, diagram, sheet. Never imports streamlit."""
