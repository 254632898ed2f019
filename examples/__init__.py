"""Baton's runnable examples: one folder per use case with its BPMN, workers and README.

`baton examples list` names them; `baton examples run NAME` starts one's workers.
"""
