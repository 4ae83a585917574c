from guidegen import run

run()
