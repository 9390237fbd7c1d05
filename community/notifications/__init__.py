"""In-app notifications, fed by the outbox; channels (email later) plug in behind one interface."""
