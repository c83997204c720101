"""Extractors: pure functions from repaired text (and context) to typed record items.

layout → sections, metadata → legal references → validity → appendix → targets, units.
No extractor reads files, prints, or knows about the CLI.
"""
