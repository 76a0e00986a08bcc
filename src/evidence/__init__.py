"""evidence: an offline evidence pipeline for abusive debt-collection calls."""

__version__ = "0.1.0"
