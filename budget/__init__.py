"""The funding dashboard's domain package: data, rules, queries and charts, no Streamlit."""
