"""Search in English and Chinese, fed by the outbox (issue 5).

Map: documents.py (SearchDocument, provider registry: start there to index a new content type),
providers.py (threads and replies), analysis.py (jieba + stemming, shared by both backends),
query.py (the user's query as a small AST), backend.py (interface, SEARCH_BACKEND choice),
whoosh_backend.py / postgres_backend.py, handlers.py (outbox consumer), indexer.py
(`flask search reindex` / `check`), service.py (what views and the API call), snippets.py.
"""
