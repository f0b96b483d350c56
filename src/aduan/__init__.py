"""Aduan: public-complaint management for Indonesian government."""

__version__ = "0.1.0"
