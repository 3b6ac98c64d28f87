"""rrp: HMPPS regional Reducing Reoffending Plans as data.

The library (loading, comparing, diffing, target ambition, rendering) lives in
the modules of this package; :mod:`rrpcli.cli` is the command line over it.
"""

__version__ = "0.1.0"
