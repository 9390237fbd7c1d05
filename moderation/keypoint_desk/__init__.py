"""The word-of-mouth desk (issue 7): key point tagging of posts (and reviews) through the outbox,
and the staff desk built on the stored mentions. The tagger itself is moderation.keypoints.

Modules: models (tables), sources (what is tagged: post adapter, review hook), tagging (run the
tagger, store mentions), handlers (outbox topics), figures (counts, trends, change), alerts
(negative-share spikes), voices (unanswered complaints), advocates, discovery (new terms),
catalog (key point CRUD and the public rule), corrections, export (CSV), public ("What customers
say" for prospects), views (the desk), cli (`flask keypoints ...`), demo.
"""
