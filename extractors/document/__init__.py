"""The document as every official text lays it out: layout (body, closing block, appendix),
the section outline, the header and signature (metadata) and Vietnamese dates."""
