"""The counter pages: `counters` (dashboard, region page, public page, open data, exports, recount)
and `targets` (the targets grid, its upload, the behind-target view)."""
