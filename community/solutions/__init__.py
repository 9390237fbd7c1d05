"""Accepted solutions: the asker, an ambassador or staff marks the reply that solved a question."""
