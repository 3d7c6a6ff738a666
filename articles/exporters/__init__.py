"""Exporters: the archive written out in formats other software reads."""
