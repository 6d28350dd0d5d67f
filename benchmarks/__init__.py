"""movenext's benchmarks: compiled vs native, measured side by side.

Run `python -m benchmarks` from the repository root; see benchmarks/README.md.
(Nothing is imported here: `python -m benchmarks.child` starts fast.)
"""
