"""`python -m builder` runs the same command line as `brochure`."""

from builder.cli import main

main()
