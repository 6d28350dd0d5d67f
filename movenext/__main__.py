"""`python -m movenext`: the same as the `movenext` command."""

from .cli import main

main(prog_name="movenext")
