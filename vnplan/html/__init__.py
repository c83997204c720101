"""HTML for people: the review report of one record and the batch dashboard, on a shared
toolkit (``toolkit.py``) and inline assets (``assets/``: CSS, JS, labels, target areas)."""
