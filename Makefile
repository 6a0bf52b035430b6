# The two commands of the README:  make run  and  make test.
# Each sets up what it needs first, so both work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development: debug on and SQLite, unless the environment says otherwise.
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}
# The suite in one process a core (pytest-xdist; each has its own test database and Redis keys), the tests
# shared out as each finishes (worksteal): most of them wait on a server, a browser or a database.
PYTEST_ARGS ?= -n auto --dist worksteal

.PHONY: run test test-postgres install chromium front-server-tools messages translations db lint format check-migrations clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The browser tests drive Debian's Chromium; Playwright never downloads one.
# Without it they are skipped locally, and fail under CI (CI=true).
CHROMIUM ?= /usr/bin/chromium
chromium:
	@if [ ! -x "$(CHROMIUM)" ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests (apt-get install -y chromium)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null \
			|| echo "Could not install Chromium: the browser tests will be skipped."; \
	fi

# The front server's and the deployment's tests and bench/throughput run Debian's nginx (deploy/render-nginx,
# with envsubst from gettext-base) with a self-signed certificate (openssl), load it with wrk, and back up
# and restore with pg_dump and pg_restore. Without them those tests are skipped locally, and fail under CI (CI=true).
FRONT_SERVER_PACKAGES := nginx wrk gettext-base openssl postgresql-client
NGINX ?= /usr/sbin/nginx
front-server-tools:
	@if [ ! -x "$(NGINX)" ] || ! command -v wrk >/dev/null || ! command -v envsubst >/dev/null \
		|| ! command -v openssl >/dev/null || ! command -v pg_dump >/dev/null; then \
		if command -v apt-get >/dev/null; then \
			echo "Installing $(FRONT_SERVER_PACKAGES) for the front server's tests (apt-get install -y)"; \
			SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
			$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $(FRONT_SERVER_PACKAGES) >/dev/null \
				|| echo "Could not install $(FRONT_SERVER_PACKAGES): the front server's tests will be skipped."; \
		fi; \
	fi

# The interface's translations (locale/<language>/LC_MESSAGES/django.po) compiled for Django, with gettext's msgfmt.
messages: install
	@if ! command -v msgfmt >/dev/null && command -v apt-get >/dev/null; then \
		echo "Installing gettext for the site's translations (apt-get install -y gettext)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends gettext >/dev/null; \
	fi
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=staticfiles -v0

# After changing a template's or the code's text: every language's catalogue gains the new strings to translate.
translations: messages
	$(DEV_ENV) $(BIN)/python manage.py makemessages --all --no-obsolete --no-location --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench -v0

db: install messages
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_clinic_content

# The site and its task worker (which sends the emails), both stopped by one Ctrl+C.
run: db
	@echo "Serving on http://$(HOST):$(PORT)/ with the task worker beside it (Ctrl+C to stop both)"
	@$(DEV_ENV) $(BIN)/python manage.py db_worker --no-reload --verbosity=0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install chromium front-server-tools messages
	$(BIN)/pytest $(PYTEST_ARGS)

# The suite against PostgreSQL; .ci/run creates the database first.
test-postgres: install chromium front-server-tools messages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/clinic_ci} $(BIN)/pytest $(PYTEST_ARGS)

check-migrations: install
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

lint: install check-migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
