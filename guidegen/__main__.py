from guidegen.cli import main

main()
