"""LaTeX: the model through Jinja templates to .tex (render), pdflatex runs and what is
stale (engine), and imposition of compiled pages for printing (impose)."""
