"""`python -m tasklist hash-password`: prints the argon2 hash of a password for the
`[tasklist.users.<name>]` table (read from the terminal without echo, or from stdin)."""

from __future__ import annotations

import argparse
import getpass
import sys

from .auth import MAX_PASSWORD_BYTES, hash_password


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tasklist")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("hash-password", help="print the argon2 hash of a password")
    parser.parse_args(argv)
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("The passwords differ.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password or len(password.encode()) > MAX_PASSWORD_BYTES:
        print(f"Expected a password of 1 to {MAX_PASSWORD_BYTES} bytes.", file=sys.stderr)
        return 1
    print(hash_password(password))
    return 0


if __name__ == "__main__":
    sys.exit(main())
