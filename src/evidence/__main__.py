"""`python -m evidence`: the same command as `evidence`."""

from .cli import main

main()
