from guidegen.start import run

run()
