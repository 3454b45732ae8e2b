"""laoxiao-check: check housing projects against 一老一小 facility-allocation rules."""

__version__ = "0.1.0"
