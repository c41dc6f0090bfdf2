"""Computation graphs of scalar operations: spec, formula parser, trace builder."""
