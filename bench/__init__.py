"""Benchmarks (`python -m bench`): measured figures, never pass/fail tests."""
