"""The LaTeX writer: the content tree to LaTeX (convert, texescape, highlight), the
model through Jinja templates to .tex (render), page matching (pagematch), the engine
runs (engine) and imposition of compiled pages for printing (impose)."""
