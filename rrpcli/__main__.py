"""Where the ``rrp`` command starts: the console script and ``python -m rrpcli``."""

import gc


def run() -> None:
    """Run the rrp command line, with the cycle collector tuned for a short-lived process."""
    # Starting a command creates some 100,000 objects that live as long as the
    # process (modules, classes, functions, plans), and with the default
    # threshold (700) the cycle collector runs hundreds of times during start-up,
    # walking them again and again: about 8 ms of every command (benchmarks/run.py).
    # rrp makes few reference cycles, and those it makes are still collected,
    # every 50,000 allocations instead of every 700.
    gc.set_threshold(50_000, 10, 10)
    from rrpcli.cli import main

    main(prog_name="rrp")


if __name__ == "__main__":
    run()
