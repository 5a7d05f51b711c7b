"""The command line's own failures, printed as one line by ``api.cli.main`` (exit 1)."""

from __future__ import annotations


class CommandError(Exception):
    """A command failed in a way the user can act on; the message is printed as is."""
