"""Django admin for the programme models."""

# OperaPrioritaria is registered with its import/export admin.
from programma.importazione import admin as _opere_admin  # noqa: E402,F401
