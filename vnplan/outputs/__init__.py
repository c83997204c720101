"""Everything vnplan writes besides the record itself: ``tables`` (one flattening of a record
into rows), ``sqlite`` (the batch database), ``files`` (CSV, JSONL, Parquet exports),
``appendix_sheet`` (XLSX/CSV of appendix rows), ``spacy_docs`` (a spaCy DocBin) and ``atomic``
(every file written whole or not at all)."""
