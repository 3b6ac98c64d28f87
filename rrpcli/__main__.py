"""``python -m rrpcli`` runs the rrp command line."""

from rrpcli.cli import main

main(prog_name="rrp")
