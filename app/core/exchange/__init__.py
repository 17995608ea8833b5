"""Kith's people and dates in the formats other tools read: iCalendar, vCard, JSON.

Everything here writes plain files the user carries where they want (a calendar
app, a phone through DAVx⁵ or vdirsyncer, a script): no server, no network. Files
and kept-in-step folders are private to their owner, like the journal.

- `calendar.export_calendar`: birthdays and keep-in-touch days as an `.ics` file.
- `vcards.export_vcards`: people as one `.vcf` file; `vdir.sync_vdir` keeps a folder
  of one card per person in step; `vdir.preview_cards` reads edited cards back,
  matched by UID first.
- `json_doc.export_json` / `json_doc.import_json`: every record as one JSON document.
- `identity`: the stable UIDs that let a calendar or a phone update instead of
  duplicating.
"""
