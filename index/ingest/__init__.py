"""Bytes -> articles -> chunks and statements: parse, fetch, chunk, quotes and their speakers, the pipeline."""
