"""The outbox consumer beyond one machine: `flask worker` processes drain jobs from RQ on Redis.

A request that commits events enqueues a drain job (queue.py); the job claims due events and
applies them (jobs.py). The worker also sweeps every few seconds (run.py), so an event whose
enqueue was lost, a retry whose backoff has passed, or a claim left by a crashed worker is still
applied. Without REDIS_URL none of this runs: the embedded in-process drain stays.
"""
