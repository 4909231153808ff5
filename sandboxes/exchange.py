"""What the sandbox server and its pages exchange: one request, one response (a leaf both the portals and
the identity providers of sandboxes/identity.py use)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    cookies: dict[str, str]
    host: str = ""  # the Host the browser asked for ("127.0.0.1:8123"): which origin it is on


@dataclass
class Response:
    body: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def redirect(cls, location: str, cookie: str = "") -> Response:
        headers = {"Location": location}
        if cookie:
            headers["Set-Cookie"] = cookie
        return cls(status=303, headers=headers)
