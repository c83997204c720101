"""Legal references: patterns (format knowledge compiled once), finding, linking repeats,
checks of the citations themselves, and validity against the legal registry."""
