"""Where the ``rrp`` command starts: the console script and ``python -m rrpcli``."""

from rrpcli.cli import main


def run() -> None:
    """Run the rrp command line."""
    main(prog_name="rrp")


if __name__ == "__main__":
    run()
