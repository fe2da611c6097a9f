"""The ALL treatment journey engine: content pack, model, rules, diagram and sheet. Never imports streamlit."""
