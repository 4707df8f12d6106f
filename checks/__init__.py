"""Reading documents, translating their LaTeX under a Notation, and judging every step."""
