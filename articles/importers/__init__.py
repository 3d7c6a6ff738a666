"""Importers: one module per input format, sharing ``base`` and writing through ``store``."""
