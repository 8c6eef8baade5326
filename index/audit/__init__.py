"""Auditing statements: the stable export of the who-said-what index and its measurement against hand annotation
(issue 17). Pure functions here, so that `make test` runs their doctests; scripts/statements.py and
scripts/eval_statements.py are the commands over them."""
