"""A stand-in for the desktop's notification service, on a real session bus (for the tests).

Run with DBUS_SESSION_BUS_ADDRESS set: it owns org.freedesktop.Notifications, answers
Notify (Desktop Notifications specification 1.2) with a new id, writes each call as
a JSON line to the file named first, and then, as the second argument says, clicks
the notification ("click": ActionInvoked "default"), closes it ("close"), or leaves
it ("none"). It writes `ready` beside the log once it owns the name.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jeepney import (
    DBusAddress,
    HeaderFields,
    MessageType,
    message_bus,
    new_method_return,
    new_signal,
)
from jeepney.io.blocking import Proxy, open_dbus_connection

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


def main() -> None:
    log, mode = Path(sys.argv[1]), sys.argv[2]
    bus = open_dbus_connection(bus="SESSION")
    Proxy(message_bus, bus).RequestName(NAME, 4)  # DO_NOT_QUEUE
    (log.parent / "ready").write_text("ready")
    emitter = DBusAddress(PATH, interface=NAME)
    number = 0
    while True:
        message = bus.receive()
        if message.header.message_type != MessageType.method_call:
            continue
        member = message.header.fields.get(HeaderFields.member)
        if member == "GetServerInformation":
            bus.send(new_method_return(message, "ssss", ("stub", "kith-tests", "1", "1.2")))
        elif member == "GetCapabilities":
            bus.send(new_method_return(message, "as", (["actions", "body"],)))
        elif member == "Notify":
            number += 1
            app, _replaces, icon, title, body, actions, hints, timeout = message.body
            call = {
                "app": app,
                "icon": icon,
                "title": title,
                "body": body,
                "actions": actions,
                "hints": {key: value[1] for key, value in hints.items()},
                "timeout": timeout,
            }
            with log.open("a", encoding="utf-8") as out:
                out.write(json.dumps(call) + "\n")
            bus.send(new_method_return(message, "u", (number,)))
            if mode == "click":
                bus.send(new_signal(emitter, "ActionInvoked", "us", (number, "default")))
            elif mode == "close":
                bus.send(new_signal(emitter, "NotificationClosed", "uu", (number, 2)))


if __name__ == "__main__":
    main()
