-- Newsdesk library schema. Chunk ids are FAISS ids; the vectors table is the source of truth from which
-- the FAISS file can always be rebuilt.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    date TEXT,
    content_hash TEXT NOT NULL UNIQUE,
    added_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    vector_key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker TEXT NOT NULL,
    canonical TEXT NOT NULL,
    cue TEXT NOT NULL,
    content TEXT NOT NULL,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE INDEX IF NOT EXISTS quotes_canonical ON quotes(canonical);
-- Lexical index (BM25) over the same chunks, rowid == chunks.id, written in the same transaction.
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(title, body, tokenize = 'porter unicode61');
-- Chunks removed, in order: processes that keep FAISS in memory take in each other's removals from here, and
-- the chunks added since from chunks' AUTOINCREMENT (index/store/catchup.py). Rows are never deleted.
CREATE TABLE IF NOT EXISTS removed_chunks (seq INTEGER PRIMARY KEY, chunk_id INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS chunk_removed AFTER DELETE ON chunks BEGIN
    INSERT INTO removed_chunks (chunk_id) VALUES (old.id);
END;
-- What the sentence reader needs of each sentence (index/store/sentences.py): its span, its vector as float16,
-- its cache key (sha1 bytes: a rebuild re-uses the vector) and its entities as JSON, offsets from its start.
CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    key BLOB NOT NULL,
    vector BLOB NOT NULL,
    entities TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sentences_article ON sentences(article_id, start);
CREATE INDEX IF NOT EXISTS sentences_key ON sentences(key);
