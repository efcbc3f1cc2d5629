"""`python -m bot reps add|password|admin`: create a sales rep account for the inbox, set a new password, or
give or take the admin role (admins manage the team in the inbox)."""

import argparse
import getpass
import sys

from sqlalchemy.exc import IntegrityError

from bot.db.engine import session_scope
from bot.db.repository import Repository
from bot.passwords import MIN_PASSWORD_LENGTH, hash_password
from bot.settings import load_settings


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise ValueError("the two passwords differ; run the command again")
    return first


def _new_password(from_stdin: bool) -> str | None:
    """A password long enough to use, or None after saying what is wrong."""
    try:
        password = _read_password(from_stdin)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return None
    if len(password) < MIN_PASSWORD_LENGTH:
        print(f"error: the password needs at least {MIN_PASSWORD_LENGTH} characters", file=sys.stderr)
        return None
    return password


def _add(args: argparse.Namespace) -> int:
    if "@" not in args.email:
        print(f"error: {args.email!r} does not look like an email address", file=sys.stderr)
        return 2
    password = _new_password(args.password_stdin)
    if password is None:
        return 2
    try:
        with session_scope(load_settings().database_url) as session:
            Repository(session).add_rep(args.email, args.name or args.email, hash_password(password), args.admin)
    except IntegrityError:
        print(f"error: a rep with email {args.email!r} already exists", file=sys.stderr)
        return 1
    print(f"added {'admin' if args.admin else 'rep'} {args.email.lower()}")
    return 0


def _admin(args: argparse.Namespace) -> int:
    with session_scope(load_settings().database_url) as session:
        rep = Repository(session).get_rep_by_email(args.email)
        if rep is None:
            print(f"error: no rep with email {args.email!r}", file=sys.stderr)
            return 1
        rep.is_admin = not args.remove
    print(f"{args.email.lower()} is {'no longer' if args.remove else 'now'} an admin")
    return 0


def _password(args: argparse.Namespace) -> int:
    password = _new_password(args.password_stdin)
    if password is None:
        return 2
    with session_scope(load_settings().database_url) as session:
        repo = Repository(session)
        rep = repo.set_rep_password(args.email, hash_password(password))
        if rep is None:
            print(f"error: no rep with email {args.email!r}", file=sys.stderr)
            return 1
        signed_out = repo.revoke_rep_sessions(rep.id)
    print(f"new password set for {args.email.lower()}; signed out of {signed_out} session(s)")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    reps = commands.add_parser("reps", help="manage sales rep accounts")
    actions = reps.add_subparsers(dest="reps_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create a rep who can sign in to the inbox")
    add.add_argument("email", help="the rep's sign-in email")
    add.add_argument("--name", help="name shown to visitors and colleagues (default: the email)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    add.add_argument("--admin", action="store_true", help="may add and remove reps in the inbox (Team page)")
    add.set_defaults(run=_add)
    admin = actions.add_parser("admin", help="give a rep the admin role (or take it with --remove)")
    admin.add_argument("email", help="the rep's sign-in email")
    admin.add_argument("--remove", action="store_true", help="take the admin role away")
    admin.set_defaults(run=_admin)
    password = actions.add_parser("password", help="set a rep's new password and sign them out everywhere")
    password.add_argument("email", help="the rep's sign-in email")
    password.add_argument("--password-stdin", action="store_true",
                          help="read the password from the first line of standard input")
    password.set_defaults(run=_password)
