"""The one error type of the inventory: its message is shown to the user as is."""


class InventoryError(Exception):
    """Bad input (a wheel, a version, a data file) that the user can fix.

    The message names the file or version, what is wrong, and how to fix it.
    """
