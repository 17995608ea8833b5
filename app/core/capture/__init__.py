"""Capture without typing it all: the quick-log line, and moments drafted from exports.

`quicklog` reads one typed line; `chats`, `calendar_drafts` and `mail` read the
user's own export files into `drafts.Draft`s, which `drafts` matches to people
and writes once the user has reviewed them. Nothing here touches the network.
"""
