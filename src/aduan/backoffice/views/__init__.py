"""Back-office views, one module per page or feature."""
