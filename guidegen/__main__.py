from guidegen.cli import main

# The name the README and the shell completion scripts (_GUIDEGEN_COMPLETE) use, not "python -m guidegen".
main(prog_name="guidegen")
