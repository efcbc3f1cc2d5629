"""The loopback load balancer of the scaled profile: Debian's nginx in front of every backend.

Visitors' socket.io traffic sticks to one Rasa server per address (long-polling needs it); everything
else is spread round-robin. POSTs are never retried on another server, so no message runs twice.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.rasa_ext.channels.chat_input import TROUBLE

NGINX = "/usr/sbin/nginx"


@dataclass(frozen=True)
class Pool:
    """One public address and the backends behind it."""

    name: str
    listen_host: str
    listen_port: int
    backend_ports: tuple[int, ...]


def nginx_binary() -> str:
    """Debian's nginx, or a clear error saying how to install it."""
    found = shutil.which("nginx") or (NGINX if Path(NGINX).exists() else None)
    if not found:
        raise RuntimeError("the scaled profile needs nginx: apt-get install nginx")
    return found


def _upstream(name: str, ports: tuple[int, ...], sticky: bool) -> str:
    servers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;\n" for port in ports)
    stickiness = "    ip_hash;\n" if sticky else ""
    return f"  upstream {name} {{\n{stickiness}{servers}    keepalive 16;\n  }}\n"


def _location(path: str, upstream: str, read_timeout: str, extra: str = "") -> str:
    return (f"    location {path} {{\n      proxy_pass http://{upstream};\n      proxy_http_version 1.1;\n"
            '      proxy_set_header Connection "";\n      proxy_set_header Host $host;\n'
            "      proxy_set_header X-Forwarded-For $remote_addr;\n      proxy_buffering off;\n"
            f"      proxy_read_timeout {read_timeout};\n{extra}    }}\n")


def _rest_apology() -> str:
    """A visitor's message cut off by a Rasa server dying mid-turn gets the chat's own apology (as JSON the widget
    shows, status 503) instead of nginx's 502 page; the widget then resends it under the same message id."""
    body = json.dumps([{"recipient_id": "", "text": TROUBLE}]).replace("\\", "\\\\").replace("'", "\\'")
    return ("    location @rest_apology {\n      default_type application/json;\n"
            f"      return 503 '{body}';\n    }}\n")


def nginx_config(run_dir: Path, rasa: Pool, actions: Pool, web: Pool) -> str:
    """nginx.conf for the three pools; temporary files and the pid file stay in `run_dir`."""
    temp_paths = "".join(f"  {kind}_temp_path {run_dir / kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"daemon off;\nworker_processes 1;\npid {run_dir / 'nginx.pid'};\nerror_log stderr warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n  access_log off;\n  client_max_body_size 1m;\n  client_body_buffer_size 1m;\n" + temp_paths
        + _upstream("rasa", rasa.backend_ports, sticky=False)
        + _upstream("rasa_sticky", rasa.backend_ports, sticky=True)
        + _upstream("actions", actions.backend_ports, sticky=False)
        + _upstream("web", web.backend_ports, sticky=False)
        + f"  server {{\n    listen {rasa.listen_host}:{rasa.listen_port};\n"
        + _location("/socket.io/", "rasa_sticky", "90s")
        + _location("= /webhooks/rest/webhook", "rasa", "300s", "      error_page 502 504 = @rest_apology;\n")
        + _rest_apology() + _location("/", "rasa", "300s") + "  }\n"
        + f"  server {{\n    listen {actions.listen_host}:{actions.listen_port};\n"
        + _location("/", "actions", "300s") + "  }\n"
        + f"  server {{\n    listen {web.listen_host}:{web.listen_port};\n"
        + _location("/", "web", "3600s") + "  }\n"
        + "}\n"
    )


def write_nginx_config(run_dir: Path, rasa: Pool, actions: Pool, web: Pool) -> Path:
    """Write the config (and its temp folders) under `run_dir`; return the config file's path."""
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / "nginx.conf"
    path.write_text(nginx_config(run_dir, rasa, actions, web))
    return path
