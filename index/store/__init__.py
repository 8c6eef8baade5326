"""The article store: SQLite (articles, chunks, FTS5) beside FAISS vectors, its folder layout, atomic writes."""
