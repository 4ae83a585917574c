"""The self-study page: one offline HTML file per booklet (writer.py)."""
