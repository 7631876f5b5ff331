"""`python -m tourism_grpo.data.synthetic`: see cli.py."""

from tourism_grpo.data.synthetic.cli import main

main()
