"""Admin for OperaPrioritaria with import/export: owned by the import work (issue 5)."""
