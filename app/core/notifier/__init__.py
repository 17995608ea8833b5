"""The daily notification of who is due, while Kith's window is closed (opt-in).

- `message`: what the notification says (the window's own due list), and the
  one run the timer makes (`run_once`): an encrypted journal is never opened.
- `desktop`: a small client of the freedesktop notification service on the
  session D-Bus, a local (AF_UNIX) socket; any other bus address is refused.
- `schedule`: a systemd user timer where there is a user manager, else an XDG
  autostart entry, written under the user's own config folder and removed cleanly.
"""
