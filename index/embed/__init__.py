"""The encoder: text -> normalised vectors, on ONNX Runtime or sentence-transformers."""
