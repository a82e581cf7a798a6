"""Benefit workbooks: the register, statistics and the due list."""
