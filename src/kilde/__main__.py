"""`python -m kilde` runs the `kilde` command."""

from kilde.cli import main

main()
