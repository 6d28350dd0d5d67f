"""The running interpreter's standard library as movenext's input; see sweep.py."""
