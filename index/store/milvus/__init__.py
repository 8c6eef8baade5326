"""The Milvus store: a library kept in Milvus collections behind aliases (NEWSDESK_STORE=milvus://...)."""
