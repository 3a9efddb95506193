"""The one settings object of a fairplan service: from the environment and/or one file.

Every setting has an environment variable and a key of the ``[fairplan]`` table of a
TOML config file (``--config FILE`` or ``$FAIRPLAN_CONFIG``). A command-line flag beats
the environment, which beats the file, which beats the default. A value that cannot be
right — a port that is not a number, a URL without ``http://``, an unknown key in the
file — stops the command with a message naming the variable or key (exit 2), before
anything starts: a service is never half-configured.

===================  =======================  ==============================================
key                  variable                 meaning (default)
===================  =======================  ==============================================
``db``               ``FAIRPLAN_DB``          the store: SQLite path or URL (user data dir)
``host``             ``FAIRPLAN_HOST``        address to listen on (``0.0.0.0``: every one)
``port``             ``FAIRPLAN_PORT``        the app's port (8501)
``feeds_port``       ``FAIRPLAN_FEEDS_PORT``  the feeds' port (8000)
``public_url``       ``FAIRPLAN_PUBLIC_URL``  the feeds' base URL as subscribers reach it —
                                              what links and QR codes show (this machine's
                                              address and ``feeds_port``; see below)
``tokens``           ``FAIRPLAN_FEED_TOKENS`` private feed tokens file (none)
``private_only``     ``FAIRPLAN_PRIVATE_ONLY`` serve only the private (token) feeds (no)
``auth``             ``FAIRPLAN_AUTH``        ``required``: no open mode, ever (``open``)
``scenario``         ``FAIRPLAN_SCENARIO``    the app's default scenario (bundled sample)
``domain``           ``FAIRPLAN_DOMAIN``      domain of the feeds' UIDs (``fairplan.local``)
===================  =======================  ==============================================

The public URL is one setting, never guessed from a request and never silently
loopback: without it, `Settings.feeds_url` is this machine's network address (its
name's address, else the address of its default route); when that is all loopback —
or the service listens on loopback only — the commands say so on start.
``FAIRPLAN_FEEDS_URL`` (the name before this module) is read as ``public_url`` too.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scheduler.errors import InputError, Problem
from texts import tr

CONFIG_ENV = "FAIRPLAN_CONFIG"
ENV = {
    "db": "FAIRPLAN_DB",
    "host": "FAIRPLAN_HOST",
    "port": "FAIRPLAN_PORT",
    "feeds_port": "FAIRPLAN_FEEDS_PORT",
    "public_url": "FAIRPLAN_PUBLIC_URL",
    "tokens": "FAIRPLAN_FEED_TOKENS",
    "private_only": "FAIRPLAN_PRIVATE_ONLY",
    "auth": "FAIRPLAN_AUTH",
    "scenario": "FAIRPLAN_SCENARIO",
    "domain": "FAIRPLAN_DOMAIN",
}
LEGACY_ENV = {"public_url": "FAIRPLAN_FEEDS_URL"}


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise ValueError(text)
    return value


def _url(text: str) -> str:
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise ValueError(text)
    return text.strip().rstrip("/")


def _bool(text: str) -> bool:
    word = text.strip().lower()
    if word in ("1", "yes", "true", "on", "是"):
        return True
    if word in ("0", "no", "false", "off", "否", ""):
        return False
    raise ValueError(text)


def _auth(text: str) -> str:
    word = text.strip().lower() or "open"
    if word not in ("open", "required"):
        raise ValueError(text)
    return word


def _host(text: str) -> str:
    text = text.strip()
    if not text or any(c.isspace() for c in text):
        raise ValueError(text)
    return text


def _text(text: str) -> str:
    return text.strip()


PARSERS: dict[str, Callable[[str], Any]] = {
    "db": _text,
    "host": _host,
    "port": _port,
    "feeds_port": _port,
    "public_url": _url,
    "tokens": lambda t: Path(t.strip()).expanduser(),
    "private_only": _bool,
    "auth": _auth,
    "scenario": lambda t: Path(t.strip()).expanduser(),
    "domain": _host,
}


@dataclass(frozen=True)
class Settings:
    db: str | None = None
    host: str = "0.0.0.0"
    port: int = 8501
    feeds_port: int = 8000
    public_url: str | None = None
    tokens: Path | None = None
    private_only: bool = False
    auth: str = "open"
    scenario: Path | None = None
    domain: str = "fairplan.local"

    @classmethod
    def load(
        cls,
        env: Mapping[str, str] | None = None,
        config: Path | None = None,
        **flags: Any,
    ) -> Settings:
        """Defaults, then the config file, then the environment, then `flags` (not None)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        path = config or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
        if path is not None:
            values.update(_read_file(path))
        problems: list[Problem] = []
        for key, var in ENV.items():
            raw = env.get(var)
            if raw is None and key in LEGACY_ENV:
                var, raw = LEGACY_ENV[key], env.get(LEGACY_ENV[key])
            if raw is None or (raw.strip() == "" and key != "auth"):
                continue
            try:
                values[key] = PARSERS[key](raw)
            except ValueError:
                problems.append(Problem(var, tr("setting_bad", value=raw, expect=_expect(key))))
        for key, value in flags.items():
            if value is None:
                continue
            if key not in PARSERS:
                raise TypeError(f"no setting {key!r}")
            try:
                values[key] = PARSERS[key](str(value)) if isinstance(value, str) else value
            except ValueError:
                flag = "--" + key.replace("_", "-")
                problems.append(Problem(flag, tr("setting_bad", value=value, expect=_expect(key))))
        if problems:
            raise InputError(problems)
        return replace(cls(), **values)

    @property
    def feeds_url(self) -> str:
        """The public base URL of the feeds (see the module docstring)."""
        return self.public_url or f"http://{_reachable_host(self.host)}:{self.feeds_port}"

    def loopback_only(self) -> bool:
        """True when subscribers on other computers could not reach `feeds_url`."""
        host = urlsplit(self.feeds_url).hostname or ""
        return _is_loopback(host) or (self.public_url is None and _is_loopback(self.host))

    def child_env(self) -> dict[str, str]:
        """The environment of the app's process: the settings it reads."""
        out = {
            ENV["public_url"]: self.feeds_url,
            LEGACY_ENV["public_url"]: self.feeds_url,
            ENV["auth"]: self.auth,
            ENV["domain"]: self.domain,
            ENV["port"]: str(self.port),
            ENV["feeds_port"]: str(self.feeds_port),
        }
        if self.db:
            out[ENV["db"]] = self.db
        if self.scenario is not None:
            out[ENV["scenario"]] = str(self.scenario.resolve())
        if self.tokens is not None:
            out[ENV["tokens"]] = str(self.tokens)
        return out


def _expect(key: str) -> str:
    return tr(f"setting_expect_{key}")


def _read_file(path: Path) -> dict[str, Any]:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError([Problem(str(path), tr("setting_no_file", error=exc.strerror))]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(path), tr("setting_bad_file", error=str(exc)))]) from None
    table = doc.get("fairplan", doc)
    if not isinstance(table, dict):
        raise InputError([Problem(str(path), tr("setting_bad_file", error="[fairplan]"))])
    known = {f.name for f in fields(Settings)}
    problems, values = [], {}
    for key, raw in table.items():
        if key not in known:
            problems.append(
                Problem(str(path), tr("setting_unknown", key=key, keys=", ".join(sorted(known))))
            )
            continue
        try:
            values[key] = PARSERS[key](str(raw).lower() if isinstance(raw, bool) else str(raw))
        except ValueError:
            problems.append(
                Problem(str(path), tr("setting_bad_key", key=key, value=raw, expect=_expect(key)))
            )
    if problems:
        raise InputError(problems)
    return values


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _reachable_host(listen: str) -> str:
    """A name or address other computers can use for this one, listening on `listen`."""
    if listen not in ("0.0.0.0", "::", ""):
        return f"[{listen}]" if ":" in listen else listen
    name = socket.getfqdn()
    try:
        if name and not _is_loopback(socket.gethostbyname(name)):
            return name
    except OSError:
        pass
    try:  # the address of the default route's interface (nothing is sent)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            address = str(s.getsockname()[0])
            if not _is_loopback(address):
                return address
    except OSError:
        pass
    return "127.0.0.1"
