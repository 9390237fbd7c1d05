"""Products: the catalogue prospects read, verified owners and purchase codes (issue 4)."""
