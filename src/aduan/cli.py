"""The `aduan` command: Django's management commands under the names of DESIGN §7.

`aduan load-reference` runs the `load_reference` command, `aduan audit verify` the `audit` command with
its `verify` sub-command, and so on; `aduan help` lists everything."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["aduan", *args])


if __name__ == "__main__":
    main()
