"""A small client of the freedesktop notification service, over the session D-Bus.

The session bus is a local socket (AF_UNIX, a path or an abstract name): Kith talks
to it with `jeepney`, pure Python, and refuses any other kind of bus address (a TCP
one would be a network socket). One `Notify` call (the Desktop Notifications
specification, 1.2); with `wait`, the client then listens for the user's click
(`ActionInvoked` with the "default" action) or the notification closing, and says
which.
"""

from __future__ import annotations

import os
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from jeepney import DBusAddress, HeaderFields, MatchRule, Message, message_bus, new_method_call
from jeepney.io.blocking import DBusConnection, Proxy, open_dbus_connection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

from app.core.errors import NotifierError
from app.core.notifier.message import Notice

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
DEFAULT_ACTION = "default"
SHOWN_MS = -1  # the server's own default: notification servers know their desktop


@dataclass(frozen=True)
class Sent:
    """What became of a notification: its id, and whether the user clicked it."""

    notification_id: int
    clicked: bool = False


def session_address(environ: dict[str, str] | None = None) -> str:
    """The session bus address, if it is a local socket; NotifierError otherwise."""
    env = os.environ if environ is None else environ
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        runtime = env.get("XDG_RUNTIME_DIR", "")
        bus = Path(runtime) / "bus" if runtime else None
        if bus is None or not bus.exists():
            raise NotifierError(
                "There is no desktop session bus to show a notification on "
                "(DBUS_SESSION_BUS_ADDRESS is not set)."
            )
        return f"unix:path={bus}"
    local = [a for a in address.split(";") if a.strip().startswith("unix:")]
    if not local:
        raise NotifierError(
            f"The session bus address {address!r} is not a local socket, and Kith never "
            "uses the network; no notification was sent."
        )
    return ";".join(local)


def _connect(address: str) -> DBusConnection:
    try:
        return open_dbus_connection(bus=address)
    except (OSError, RuntimeError, ValueError) as error:
        raise NotifierError(
            f"Kith could not reach the desktop session bus ({error}); no notification was sent."
        ) from error


def notify(
    notice: Notice,
    *,
    address: str | None = None,
    wait: float | None = None,
    icon: str = "kith",
) -> Sent:
    """Show `notice`; with `wait` (seconds), listen that long for a click on it."""
    bus = _connect(address or session_address())
    try:
        rule = MatchRule(type="signal", interface=SERVICE, path=PATH)
        if wait:
            Proxy(message_bus, bus).AddMatch(rule)
        target = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
        actions = [DEFAULT_ACTION, "Open Kith"] if notice.opens_kith else []
        hints = {"desktop-entry": ("s", "kith"), "category": ("s", "reminder")}
        call = new_method_call(
            target,
            "Notify",
            "susssasa{sv}i",
            ("Kith", 0, icon, notice.title, notice.body, actions, hints, SHOWN_MS),
        )
        with bus.filter(rule, bufsize=16) as signals:
            try:
                reply = bus.send_and_get_reply(call, timeout=10)
            except TimeoutError as error:
                raise NotifierError(
                    "The desktop's notification service did not answer; no notification was shown."
                ) from error
            try:
                notification_id = int(unwrap_msg(reply)[0])
            except DBusErrorResponse as error:
                raise NotifierError(
                    f"The desktop has no notification service running ({error.name}); "
                    "no notification was shown."
                ) from None
            if not wait:
                return Sent(notification_id)
            return Sent(notification_id, _clicked(bus, signals, notification_id, wait))
    finally:
        bus.close()


def _clicked(
    bus: DBusConnection, signals: deque[Message], notification_id: int, wait: float
) -> bool:
    """Listen up to `wait` seconds: True on a click, False once it closes or time is up."""
    deadline = time.monotonic() + wait
    while (left := deadline - time.monotonic()) > 0:
        try:
            signal = bus.recv_until_filtered(signals, timeout=left)
        except TimeoutError:
            return False
        member = signal.header.fields.get(HeaderFields.member)
        if not signal.body or signal.body[0] != notification_id:
            continue
        if member == "ActionInvoked" and signal.body[1] == DEFAULT_ACTION:
            return True
        if member == "NotificationClosed":
            return False
    return False
