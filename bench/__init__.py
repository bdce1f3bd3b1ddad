"""Benchmarks for Reader: a synthetic library generator and a runner (not tests)."""
