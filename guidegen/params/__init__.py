"""Numbers drawn per version: the front matter's `params`, `compute`, `require` and
numeric `answer` (spec.py), the safe expression language (evaluate.py), the draws
(draw.py), `{{name}}` in the text (substitute.py), a question as one version prints it
(instance.py), what loading checks (check.py), figure scripts drawn with the values
(figures.py) and `guidegen check --stress` (stress.py)."""
