"""Load the modules that the blueprint and command lists name, failing loudly at start-up."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType


class RegistryError(RuntimeError):
    """A listed module is missing, broken, or lacks what it must define."""


def load_module(name: str, needs: str) -> ModuleType:
    """Import a listed module that must define `needs`; raise RegistryError naming it otherwise.

    A typo or a broken import must stop the app from starting, not quietly remove a feature.
    """
    try:
        module = import_module(name)
    except Exception as exc:
        raise RegistryError(f"cannot load {name}: {type(exc).__name__}: {exc}") from exc
    if not hasattr(module, needs):
        raise RegistryError(f"{name} defines no `{needs}`")
    return module
