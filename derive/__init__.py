"""The meaning of every symbol of a word2vec derivation in a concrete Instance, the losses, and
their true gradients by SymPy's own ``diff``. Knows nothing of documents or reports."""
