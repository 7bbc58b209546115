"""docker-compose.yml: every service runs a command that exists in this project."""
import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from console.cli import main as medezy_cli

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["migrate", "actions", "console", "worker"]


def test_compose_has_the_whole_production_stack():
    assert set(SERVICES) >= {"postgres", "redis", "minio", "rasa", "actions", "console", "worker"}


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_command_exists(name):
    command = SERVICES[name]["command"]
    program, args = command[0], command[1:]
    if program == "medezy":
        assert args[0] in medezy_cli.commands, f"`medezy {args[0]}` does not exist"
    elif program == "python":
        assert args[:2] == ["-m", "rasa_sdk"] and importlib.util.find_spec("rasa_sdk")
        assert importlib.util.find_spec(args[args.index("--actions") + 1])
    elif program == "gunicorn":
        assert shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        module, _, attr = args[-1].partition(":")
        assert importlib.util.find_spec(module) and attr == "app"
    else:
        pytest.fail(f"unknown program {program}")


def test_rasa_service_uses_the_pinned_image_with_a_token_and_our_files():
    rasa = SERVICES["rasa"]
    assert rasa["image"] == "rasa/rasa:3.6.21"
    command = rasa["command"]
    assert "--auth-token" in command and "--enable-api" in command
    for flag in ("--endpoints", "--credentials"):
        assert (ROOT / "bot" / command[command.index(flag) + 1]).is_file()
    assert command[command.index("--model") + 1] == "models/medezy.tar.gz"  # what `make model` writes


def test_app_image_installs_the_locked_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements/app.lock" in dockerfile


# --- production hardening: pinned images, healthchecks, non-root, the model, shared rasa state ---------

ONE_SHOT = {"migrate"}  # runs to completion first; the others wait for service_completed_successfully


def _image(name: str) -> str:
    return SERVICES[name].get("image") or ""


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_image_is_pinned_to_a_version(name):
    image = _image(name)
    repository, _, tag = image.rpartition(":") if "@" not in image else (image, "", "digest")
    assert repository and tag and tag != "latest", f"{name} uses {image!r}"
    assert any(ch.isdigit() for ch in tag), f"{name}: {tag!r} names no version"


def test_the_app_base_image_is_pinned_too():
    base = next(line.split()[1] for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("FROM "))
    assert base.count(".") >= 2 and not base.endswith(":latest"), base  # python:3.11.N-...


@pytest.mark.parametrize("name", sorted(set(SERVICES) - ONE_SHOT))
def test_every_long_running_service_has_a_healthcheck(name):
    check = SERVICES[name].get("healthcheck") or {}
    assert check.get("test") and not check.get("disable"), f"{name} has no healthcheck"
    assert check["test"][0] in ("CMD", "CMD-SHELL")


def test_one_shot_services_are_awaited_to_completion():
    waits = {dep: cond["condition"] for s in SERVICES.values()
             for dep, cond in (s.get("depends_on") or {}).items() if isinstance(cond, dict)}
    assert all(waits.get(name) == "service_completed_successfully" for name in ONE_SHOT)
    assert all(SERVICES[name].get("restart") == "no" for name in ONE_SHOT)


def test_dependencies_wait_for_health_not_just_start():
    for name, service in SERVICES.items():
        for dep, condition in (service.get("depends_on") or {}).items():
            expected = "service_completed_successfully" if dep in ONE_SHOT else "service_healthy"
            assert condition == {"condition": expected}, f"{name} -> {dep}: {condition}"


def test_the_app_image_runs_as_an_unprivileged_user():
    users = [line.split()[1] for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0"), users
    assert all("user" not in SERVICES[name] for name in APP_SERVICES)  # compose does not put root back


def test_the_rasa_model_is_mounted_from_the_documented_make_model_step():
    rasa = SERVICES["rasa"]
    assert "./bot:/app" in [v.split(":ro")[0] for v in rasa["volumes"]] and rasa["working_dir"] == "/app"
    makefile = (ROOT / "Makefile").read_text()
    up = next(line for line in makefile.splitlines() if line.startswith("up:"))
    assert "model" in up.split("##")[0], "make up must build the model it mounts"
    assert "make model" in (ROOT / "README.md").read_text()


def test_rasa_keeps_trackers_in_postgres_and_locks_in_redis():
    rasa = SERVICES["rasa"]
    command = rasa["command"]
    endpoints_file = ROOT / "bot" / command[command.index("--endpoints") + 1]
    endpoints = yaml.safe_load(endpoints_file.read_text())
    assert endpoints["tracker_store"]["type"] == "SQL" and endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == "redis"
    variables = set(re.findall(r"\$\{(\w+)\}", yaml.safe_dump(endpoints)))  # values only, not comments
    assert variables <= set(rasa["environment"]), variables - set(rasa["environment"])
    assert rasa["environment"]["MEDEZY_TRACKER_DB_HOST"] == "postgres"
    assert rasa["environment"]["MEDEZY_LOCK_STORE_HOST"] == "redis"


def test_the_application_does_not_connect_as_the_schema_owner():
    app_url = SERVICES["console"]["environment"]["MEDEZY_DATABASE_URL"]
    migrate_url = SERVICES["migrate"]["environment"]["MEDEZY_DATABASE_URL"]
    owner = SERVICES["postgres"]["environment"]["POSTGRES_USER"]
    assert f"//{owner}:" in migrate_url and f"//{owner}:" not in app_url
    init = (ROOT / "scripts" / "postgres-init-app-role.sh").read_text()
    assert "IN ROLE medezy_app" in init


def test_the_app_image_can_run_the_backup_script():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "postgresql-client" in dockerfile and (ROOT / "scripts" / "backup.py").is_file()
