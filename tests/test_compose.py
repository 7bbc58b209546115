"""docker-compose.yml: every service runs a command that exists in this project."""
import importlib.util
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
