"""docker-compose.yml is a valid Compose file, and its health checks ask the health endpoints.

Docker cannot run here, so ``docker compose config`` is done as Compose does it: the YAML read
(merge keys included), ``${VAR:-default}`` and friends interpolated from an environment, and
the result validated against the Compose Specification's JSON schema (tests/data/README.md).
"""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from consolidate.health import CHECKS, ROUTES

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "data" / "compose_spec.json").read_text())
OUR_IMAGE = "consolidate:latest"
# What an operator sets at the least (the file's own header); the rest has defaults.
ENVIRONMENT = {"DJANGO_SECRET_KEY": "s3cret", "DJANGO_ALLOWED_HOSTS": "example.org"}

# Compose's interpolation: $$ is a dollar; ${VAR}, $VAR, ${VAR:-default}, ${VAR-default},
# ${VAR:?error}, ${VAR?error}, ${VAR:+other}, ${VAR+other}.
VARIABLE = re.compile(
    r"\$(?:(?P<dollar>\$)|\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<plain>[A-Za-z_]\w*))"
)
DURATION = re.compile(r"^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$")


class MissingVariable(Exception):
    pass


def interpolate(value, environment: dict[str, str]):
    """The value with every variable replaced as ``docker compose config`` would."""
    if isinstance(value, dict):
        return {key: interpolate(item, environment) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environment) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match) -> str:
        if match["dollar"]:
            return "$"
        name = match["braced"] or match["plain"]
        current, op, arg = environment.get(name), match["op"] or "", match["arg"] or ""
        missing = current is None or (op.startswith(":") and current == "")
        if op.endswith("-"):
            return arg if missing else current
        if op.endswith("?"):
            if missing:
                raise MissingVariable(f"{name}: {arg}")
            return current
        if op.endswith("+"):
            return "" if missing else arg
        return current or ""

    return VARIABLE.sub(replace, value)


def load(environment=ENVIRONMENT) -> dict:
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return interpolate(raw, environment)


def problems(config: dict) -> list[str]:
    validator = jsonschema.Draft201909Validator(SCHEMA)
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(config)
    ]


@pytest.fixture(scope="module")
def config() -> dict:
    return load()


def ours(config) -> dict[str, dict]:
    """The services that run the image built from this repository."""
    return {
        name: service
        for name, service in config["services"].items()
        if service.get("image") == OUR_IMAGE or "build" in service
    }


def long_running(services: dict[str, dict]) -> dict[str, dict]:
    """Services that stay up (not one-shot jobs such as the migration or a backup)."""
    return {name: s for name, s in services.items() if s.get("restart") != "no"}


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft201909Validator.check_schema(SCHEMA)


def test_the_compose_file_is_valid(config):
    assert problems(config) == []


def test_the_schema_refuses_what_compose_would_refuse(config):
    """The check can fail: a misspelt key or an unknown condition is refused."""
    misspelt = copy.deepcopy(config)
    misspelt["services"]["web"]["healthcheck"]["intervall"] = "30s"
    assert any("intervall" in problem for problem in problems(misspelt))
    unknown = copy.deepcopy(config)
    unknown["services"]["worker"]["depends_on"]["redis"]["condition"] = "service_ready"
    assert any("service_ready" in problem for problem in problems(unknown))


def test_the_secret_key_must_be_given():
    with pytest.raises(MissingVariable, match="DJANGO_SECRET_KEY"):
        load({})


def test_defaults_are_interpolated_as_compose_does(config):
    environment = config["services"]["web"]["environment"]
    assert environment["DJANGO_SECRET_KEY"] == "s3cret"
    assert environment["DJANGO_ALLOWED_HOSTS"] == "example.org"
    assert environment["DATABASE_URL"] == "postgres://consolidate:consolidate@db:5432/consolidate"
    assert environment["DJANGO_CSRF_TRUSTED_ORIGINS"] == ""
    assert not any("${" in str(value) for value in environment.values())


def test_references_name_what_the_file_declares(config):
    services, volumes = config["services"], set(config.get("volumes") or {})
    for name, service in services.items():
        for other, needs in (service.get("depends_on") or {}).items():
            assert other in services, (name, other)
            if needs["condition"] == "service_healthy":
                assert "healthcheck" in services[other], (name, other)
        for mount in service.get("volumes") or []:
            source = mount.split(":")[0]
            if not source.startswith(("/", ".")):
                assert source in volumes, (name, source)


def test_every_long_running_service_has_a_health_check(config):
    assert set(long_running(ours(config))) == {"web", "worker", "beat"}
    assert set(ours(config)) - set(long_running(ours(config))) == {"migrate", "backup"}
    for name, service in long_running(config["services"]).items():
        check = service.get("healthcheck")
        assert check and not check.get("disable"), name
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        for field in ("interval", "timeout", "start_period"):
            if field in check:
                assert DURATION.match(check[field]), (name, field, check[field])


def test_web_asks_the_liveness_endpoint_on_the_port_gunicorn_binds(config, client):
    web = config["services"]["web"]
    command = " ".join(web["healthcheck"]["test"])
    (url,) = re.findall(r"http://[\w.]+:(\d+)(/health/\w+)", command)
    port, path = url
    assert path in ROUTES
    assert f"0.0.0.0:{port}" in web["command"]
    assert client.get(path).status_code == 200


def test_web_runs_gunicorn_as_the_image_does(config):
    """The same workers as the benchmark measures: preloaded, replaced every 1,000 requests."""
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    (command,) = re.findall(r"^CMD (\[.*\])$", dockerfile, flags=re.MULTILINE)
    assert config["services"]["web"]["command"] == json.loads(command)
    assert "--preload" in json.loads(command) and "--max-requests" in json.loads(command)


def test_the_worker_answers_a_ping_and_beat_reports_its_heartbeat(config):
    worker = config["services"]["worker"]["healthcheck"]["test"]
    assert worker[0] == "CMD-SHELL"
    # $$HOSTNAME in the file: the container's shell, not Compose, reads the variable.
    assert worker[1] == "celery -A consolidate inspect ping --timeout 5 -d celery@$HOSTNAME"
    beat = config["services"]["beat"]["healthcheck"]["test"]
    assert beat == ["CMD", "django-admin", "health", "beat"]
    assert beat[-1] in CHECKS
    assert config["services"]["beat"]["deploy"]["replicas"] == 1
