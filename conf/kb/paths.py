"""Where the checkout's files are: the one module of kb that knows the project's layout.

kb is installed editable (``make venv``), so it runs from ``conf/kb/`` of the checkout it was
installed from, and every path below is that checkout's.
"""

from pathlib import Path

KB = Path(__file__).resolve().parent
CONF = KB.parent
ROOT = CONF.parent
DATA = CONF / "data"
INVENTORY = DATA / "inventory"
"""The DIRAC and DiracX inventories that `make inventory` writes and the checks read."""
DOCS = ROOT / "docs"
