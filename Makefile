# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint worker clean messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Install, migrate the SQLite database, load the demo data, start the site and Celery.
run: $(STAMP)
	mkdir -p var/broker/queue var/broker/processed var/mail
	$(BIN)/python manage.py compile_catalogues -v 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	bin/run-local

## Run the whole test suite (ruff first) on freshly compiled catalogues. DATABASE_URL / REDIS_URL
## point it at real services.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r consolidate people calls champions applications reviews visits dashboards notifications demo
	$(BIN)/python manage.py compile_catalogues -v 0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Gather every marked string into locale/<language>/LC_MESSAGES/django.po (to translate).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr -l de -l es -l it --no-obsolete \
		--ignore '.venv/*' --ignore 'tests/*' --ignore 'benchmarks/*' --ignore 'var/*' --ignore 'build/*'

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf var/db.sqlite3 var/mail var/broker
