"""Reference data shipped with vnplan: document types, issuer codes, unit aliases, the registry.

Data files only; ``vnplan.reference_data`` loads them.
"""
