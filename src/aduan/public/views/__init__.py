"""The public pages, one module per page (DESIGN §7; docs/web.md)."""
