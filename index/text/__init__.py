"""Word and sentence rules that both ingest/ and answer/ use: stems, stop words, sentences, names."""
