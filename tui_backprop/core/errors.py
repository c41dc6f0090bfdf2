"""Errors the core raises; each message is one line that names the file and the field."""

from __future__ import annotations


class ConfigError(Exception):
    """A network config could not be read or is not a valid network.

    The message is complete and meant for the user as it is: it names the file
    (or example) and the field or value at fault.
    """


class NumericError(ConfigError):
    """A computation produced a NaN or an infinity (for example an overflow).

    It is a ConfigError because it is caused by the network's numbers, and the
    command line treats both the same way: one message, exit status 2.
    """
