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

    try:
        main(prog_name="rrp")
    finally:
        # On the way out the interpreter runs the cycle collector once more,
        # over every object the command made (12 plans and their comparison:
        # about 10 ms).  Freezing them skips that walk.  What it would have
        # found is garbage in reference cycles, whose finalizers then never
        # run: rrp closes its files and flushes its output explicitly (with
        # blocks, click), so none of them has work left to do at exit.
        gc.freeze()


if __name__ == "__main__":
    run()
