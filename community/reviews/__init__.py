"""Reviews of products: writing, rating summary, reading, helpful votes, brand responses and
review integrity (issue 4)."""
