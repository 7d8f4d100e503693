"""Exports, scores and reports, read from stored visits and findings."""
