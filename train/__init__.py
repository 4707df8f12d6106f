"""Skip-gram training on a real corpus, with gradient kernels lambdified by derive/ (no hand-written gradient)."""
