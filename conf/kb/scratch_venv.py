"""A virtualenv for a scratch copy or clone of the project (the tests' and the benchmarks'):
this run's tools, the copy's kb.

The tools are not installed again: a ``.pth`` file puts the folders of this run's site-packages
on the new virtualenv's path. They are plain path entries, so the ``.pth`` files in them are not
read, and with them this checkout's editable kb stays out: ``import kb`` finds the copy's, or
nothing until the copy's ``make`` installs it.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

#: The folders of site-packages on this run's path: the locked tools are in one of them.
TOOLS = [entry for entry in sys.path if Path(entry).name == "site-packages"]


def scratch_venv(project: Path, with_kb: bool) -> Path:
    """``project/.venv``, with the tools of this run. ``with_kb``: kb is a link to the project's
    ``conf/kb`` and the virtualenv is marked as installed, so ``make`` runs no pip (for the many
    copies of a test run); otherwise the project's ``make`` installs kb as a reader's would."""
    venv = project / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    packages = Path(sysconfig.get_path("purelib", vars={"base": str(venv)}))
    (packages / "kb-tools.pth").write_text("".join(f"{entry}\n" for entry in TOOLS))
    if with_kb:
        # Outside site-packages, so that a copy made from this copy's run does not see this kb.
        source = venv / "kb-source"
        source.mkdir()
        (source / "kb").symlink_to(project / "conf" / "kb", target_is_directory=True)
        (packages / "kb-source.pth").write_text(f"{source}\n")
        (venv / ".installed").touch()
    return venv
