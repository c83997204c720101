"""Registry overlays made from outside facts, in the registry's own YAML format: ``learn`` (the
effect clauses of documents) and ``vbpl`` (a crawl of the national legal database). An overlay
is used with ``--registry FILE``; it adds events to, or overrides, shipped entries."""
