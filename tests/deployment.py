"""The production set-up of the README, run on this machine: the units' own commands, the environment file.

Used by tests/test_deployment.py. The units in deploy/systemd are read, not installed: each ExecStart line is
run as systemd would run it, with ${NAME} filled in from the environment file and /srv/clinic being this checkout.
"""

import getpass
import re
import shlex
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNITS = ROOT / "deploy" / "systemd"
ENV_EXAMPLE = ROOT / "deploy" / "clinic.env.example"
INSTALLED_AT = "/srv/clinic"


def environment_file(path, **values):
    """deploy/clinic.env.example with `values` replacing its own (and added if it has no such line), written to path."""
    lines, seen = [], set()
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        name = line.split("=", 1)[0]
        if line and not line.startswith("#") and name in values:
            line = f"{name}={values[name]}"
            seen.add(name)
        lines.append(line)
    lines += [f"{name}={value}" for name, value in values.items() if name not in seen]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_environment_file(path)


def read_environment_file(path):
    return dict(
        line.split("=", 1)
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )


def unit_commands(unit, key, environment, instance=None):
    """The unit's `key` lines (ExecStart, ExecStartPre...) as argument lists, as systemd would run them here."""
    commands = []
    for line in (UNITS / unit).read_text(encoding="utf-8").splitlines():
        if not line.startswith(f"{key}="):
            continue
        command = line.split("=", 1)[1].replace(INSTALLED_AT, str(ROOT))
        if instance is not None:
            command = command.replace("%I", unescape(instance))
        # Run by root here, nginx's workers could not become the `clinic` user this machine does not have.
        command = command.replace("user clinic;", f"user {getpass.getuser()};")
        command = re.sub(r"\$\{(\w+)\}", lambda match: environment[match.group(1)], command)
        commands.append(shlex.split(command))
    return commands


def unescape(instance):
    """systemd-escape's \\xNN back to the characters (what %I gives the command)."""
    return re.sub(r"\\x([0-9a-f]{2})", lambda match: chr(int(match.group(1), 16)), instance)


def timer_instances():
    """{timer file: the unit it starts}, for every timer in deploy/systemd."""
    return {
        timer.name: re.search(r"^Unit=(.+)$", timer.read_text(encoding="utf-8"), re.M).group(1)
        for timer in sorted(UNITS.glob("*.timer"))
    }


def run(command, environment, timeout=300):
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout)
