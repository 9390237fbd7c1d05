"""The ambassador desk: queues of who is waiting, canned answers, response-time figures."""
