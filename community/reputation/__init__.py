"""Reputation points, brand-configurable ranks and trust levels earned from activity."""
