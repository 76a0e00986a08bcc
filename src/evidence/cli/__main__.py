"""`python -m evidence.cli`: the same command as `evidence`."""

from . import main

main()
