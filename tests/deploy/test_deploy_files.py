"""deploy/ stays true to the code: the example environment lists every variable read."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# Modules that read the environment when the settings load.
SETTINGS_MODULES = [
    ROOT / "marketplace" / "settings.py",
    ROOT / "marketplace" / "settings_rules.py",
    ROOT / "marketplace" / "media_storage.py",
]
ENVIRONMENT_READERS = {"env_bool", "env_list"}


def _is_environ(node: ast.AST) -> bool:
    """`os.environ` or a parameter named `environ`."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def variables_read(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        key = None
        if isinstance(node, ast.Call):
            func = node.func
            helper = isinstance(func, ast.Name) and func.id in ENVIRONMENT_READERS
            environ_get = (
                isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value)
            )
            if helper or environ_get:
                key = node.args[0]
            elif ast.unparse(func) == "dj_database_url.config":  # reads DATABASE_URL
                names.add("DATABASE_URL")
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def listed_in_example() -> set[str]:
    text = (DEPLOY / "env.example").read_text()
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_the_example_environment_lists_every_variable_the_settings_read():
    read = set().union(*(variables_read(path) for path in SETTINGS_MODULES))
    assert {"SECRET_KEY", "DATABASE_URL", "MEDIA_S3_BUCKET", "STATIC_ROOT"} <= read  # sanity

    assert sorted(read - listed_in_example()) == []


def test_every_variable_in_the_example_is_read_by_something():
    read = set().union(*(variables_read(path) for path in SETTINGS_MODULES))
    process_files = "\n".join(
        path.read_text()
        for path in [DEPLOY / "gunicorn.conf.py", DEPLOY / "Procfile", *DEPLOY.glob("systemd/*")]
    )
    unread = {name for name in listed_in_example() - read if name not in process_files}
    assert sorted(unread) == []


def test_every_process_has_a_procfile_entry_and_a_systemd_unit():
    procfile = dict(
        line.split(": ", 1)
        for line in (DEPLOY / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(procfile) == {"release", "web", "worker", "beat"}
    units = {path.stem for path in (DEPLOY / "systemd").glob("*.service")}
    assert units == {"crafts-mela-web", "crafts-mela-worker", "crafts-mela-beat"}
    for process in ("web", "worker", "beat"):
        unit = (DEPLOY / "systemd" / f"crafts-mela-{process}.service").read_text()
        # The unit runs the Procfile's command (with the virtualenv's path and $$ for systemd).
        program, arguments = procfile[process].split(" ", 1)
        assert (
            f"/.venv/bin/{program} {arguments.split(' --schedule')[0]}".replace("${", "$${") in unit
        )
