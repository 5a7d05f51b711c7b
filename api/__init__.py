"""The HTTP layer and the command line of argmap."""

__version__ = "0.1.0"

__all__ = ["__version__"]
