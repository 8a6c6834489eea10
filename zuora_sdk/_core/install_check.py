"""Notices this package and the official ``zuora-sdk`` mixed in one ``zuora_sdk`` folder.

Both distributions install the package ``zuora_sdk``. pip lets the second overwrite the first's
files without a word, and uninstalling either deletes files the other needs, so what is left works
for neither. This module (which only this distribution ships) says so at import, with the repair.
It uses the standard library only and never imports the rest of the package: after a mix, the
rest may be the official SDK's files.

Importing it runs the check: this distribution's own modules (workflows, the simulator, the CLI)
import it first, since they outlive an install of the official SDK over this one, whose
``__init__`` then runs instead of ours.
"""

from __future__ import annotations

import os
import sys

# A file the official zuora-sdk ships and this distribution never does.
OFFICIAL_ONLY = os.path.join("api", "accounts_api.py")

REPAIR = (
    "The zuora_sdk package folder {folder} holds files of two distributions: zuora-sdk-jobs (this "
    "Custom Object Jobs SDK) and the official zuora-sdk. Both install the same folder, so neither works. "
    "Repair the environment:\n"
    "    pip uninstall -y zuora-sdk zuora-sdk-jobs\n"
    "    pip install zuora-sdk-jobs        # or pip install . from a clone; or pip install zuora-sdk\n"
    "If the folder is still there after the uninstall, delete it before installing. To use both SDKs, "
    "install them in separate virtual environments. See 'Replacing the official zuora-sdk' in the README."
)


class MixedInstallationError(ImportError):
    """The official zuora-sdk's files and this distribution's share the zuora_sdk folder."""


def official_files_present(folder: str) -> bool:
    """One stat: cheap enough for every ``import zuora_sdk``."""
    return os.path.exists(os.path.join(folder, OFFICIAL_ONLY))


def check_installation() -> None:
    """Raise MixedInstallationError when ``zuora_sdk`` is not this distribution's package alone."""
    package = sys.modules.get("zuora_sdk")
    folder = os.path.dirname(os.path.dirname(__file__))  # zuora_sdk/, above this _core/
    ours = package is not None and getattr(package, "_DISTRIBUTION", None) == "zuora-sdk-jobs"
    if not ours or official_files_present(folder):
        raise MixedInstallationError(REPAIR.format(folder=folder))


check_installation()
