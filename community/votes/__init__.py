"""Helpful votes on posts: one per member, never on your own post, withdrawable."""
