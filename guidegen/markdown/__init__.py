"""Markdown to LaTeX: the parser's tree to LaTeX (convert), text escaping (texescape),
and the math allow-list (mathcheck). Nothing here reads files or runs anything."""
