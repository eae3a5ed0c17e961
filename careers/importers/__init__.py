"""Readers of standard classifications; they parse files into plain data and write nothing."""
