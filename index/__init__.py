"""The article library: library.py holds Library, the one facade; the packages below are its wings."""
