"""Feeds that fill the library and watches that tell a chat when someone speaks (issue 20).

state.py keeps what they need beside the generations (a SQLite file in the index folder, or a Milvus
collection), so a rebuild never loses them; feeds.py polls, fetch.py makes the conditional GETs, entries.py
reads RSS and Atom with feedparser. Nothing here imports telegram.
"""
