"""Numbers drawn per version: the front matter's `params`, `compute` and `require`
(spec.py), the safe expression language (evaluate.py), the draws (draw.py), `{{name}}`
in the text (substitute.py), a question per version (instance.py) and
`guidegen check --stress` (stress.py)."""
