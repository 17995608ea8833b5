"""What a person would see as broken in a window: two widgets drawn over each other,
a widget outside its window, a word cut off without "…".

`problems(window)` lists them. Run as a script (`python tests/ui/layout_check.py
JOURNAL`) it opens every place and dialog on JOURNAL at each size and prints the
problems as JSON lines: test_layout.py runs it once per QT_SCALE_FACTOR, since the
scale is fixed when the application starts.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QLabel,
    QMenuBar,
    QScrollArea,
    QSizeGrip,
    QSplitterHandle,
    QTabBar,
    QToolBar,
    QWidget,
)

from app.core.services import coalitions, contacts
from app.core.services.prompts import PromptView
from app.core.store import Journal, open_journal
from app.ui.kit.fitting import ElidedLabel

SIZES = (QSize(820, 520), QSize(1280, 800), QSize(1920, 1080))
LONG_NAME = ("Maximiliane " + "Wolkenstein-Trostburg " * 9 + "the Younger")[:200]

# Widgets drawn by Qt as one piece: what they hold inside is theirs to arrange.
_WHOLE = (
    QAbstractSpinBox,
    QComboBox,
    QTabBar,
    QAbstractSlider,
    QMenuBar,
    QToolBar,
    QCalendarWidget,
    QSizeGrip,
)


def problems(window: QWidget, asked: QSize | None = None) -> list[str]:
    """Everything wrong with how `window` is laid out right now (`asked`: the size it
    was given, which it must have taken)."""
    found: list[str] = []
    if asked is not None and window.size() != asked:
        found.append(
            f"{_name(window)} asked to be {asked.width()}×{asked.height()} stays "
            f"{window.width()}×{window.height()} (its minimum is "
            f"{window.minimumSizeHint().width()}×{window.minimumSizeHint().height()})"
        )
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        if window.width() > room.width() or window.height() > room.height():
            found.append(
                f"{_name(window)} is {window.width()}×{window.height()}, larger than the "
                f"screen's {room.width()}×{room.height()}"
            )
    _walk(window, window, found, scrolled=False)
    return found


def _name(widget: QWidget) -> str:
    label = widget.accessibleName() or widget.objectName()
    if not label and isinstance(widget, QLabel | QAbstractButton):
        label = widget.text()[:40]
    return f"{type(widget).__name__}({label!r})"


def _children(widget: QWidget) -> list[QWidget]:
    return [
        c
        for c in widget.children()
        if isinstance(c, QWidget) and not c.isWindow() and c.isVisible()
    ]


def _walk(widget: QWidget, window: QWidget, found: list[str], *, scrolled: bool) -> None:
    _check_text(widget, found)
    if isinstance(widget, _WHOLE):
        return
    if isinstance(widget, QAbstractScrollArea):
        if isinstance(widget, QScrollArea) and widget.widget() is not None:
            inner = widget.widget()
            hidden = widget.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if hidden and inner.width() > widget.viewport().width() + 1:
                found.append(f"{_name(widget)} must be scrolled sideways to be read")
            if inner.isVisible():
                _walk(inner, window, found, scrolled=True)
        return
    children = _children(widget)
    for child in children:
        if not scrolled and not _inside(child, window):
            found.append(f"{_name(child)} lies outside {_name(window)}")
    solid = [c for c in children if not isinstance(c, QSplitterHandle)]
    for i, first in enumerate(solid):
        for second in solid[i + 1 :]:
            overlap = first.geometry().intersected(second.geometry())
            if overlap.width() > 1 and overlap.height() > 1:
                found.append(f"{_name(first)} and {_name(second)} overlap in {_name(widget)}")
    for child in children:
        _walk(child, window, found, scrolled=scrolled)


def _inside(widget: QWidget, window: QWidget) -> bool:
    corner = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(corner, widget.size()).adjusted(1, 1, -1, -1)
    return window.rect().contains(rect)


def _check_text(widget: QWidget, found: list[str]) -> None:
    if isinstance(widget, ElidedLabel):
        return
    if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 2:
                found.append(f"{_name(widget)} is cut: needs {needed} px, has {widget.height()}")
        elif widget.width() + 1 < widget.minimumSizeHint().width():
            found.append(
                f"{_name(widget)} is cut: needs {widget.minimumSizeHint().width()} px wide, "
                f"has {widget.width()}"
            )
    elif isinstance(widget, QAbstractButton) and widget.text():
        hint = widget.minimumSizeHint()
        if widget.width() + 1 < hint.width() or widget.height() + 1 < hint.height():
            found.append(
                f"{_name(widget)} is cut: needs {hint.width()}×{hint.height()}, "
                f"has {widget.width()}×{widget.height()}"
            )


# ---- the tour ---------------------------------------------------------------------------


def settle(app: QApplication, window: object | None = None) -> None:
    """Let the window's background looks end (their results re-lay the page out:
    on a loaded machine they landed after the check had measured), then the
    layouts settle: each level's LayoutRequest posts the next one up."""
    places = getattr(window, "places", ())
    deadline = time.monotonic() + 60
    while any(place.busy() for place in places) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    for _ in range(12):
        app.processEvents()


def banner_view(contact_id: int, name: str) -> PromptView:
    """A question as long as the engine's longest, about `name`."""
    return PromptView(
        rule="tit_for_tat",
        family="reciprocity",
        subject_type="person",
        subject_id=contact_id,
        subject_name=name,
        question=(
            f"Would anything change between you and {name} if you stopped keeping count "
            "of who did what for whom, and simply spent an afternoon together?"
        ),
        evidence=(
            "Your last five favors with them were each returned within a week, most of "
            "them with one of about the same weight, and you have not spent time "
            "together without a favor passing between you since the spring."
        ),
        index=72,
        importance=0.9,
    )


def tour(journal: Journal, settings: QSettings) -> Iterator[tuple[str, QWidget, QSize | None]]:
    """Every place and every dialog of a window on `journal`, at every size, with
    realistic content: yields (what is shown, the window to check) once each is laid out."""
    from app.ui.shell.data_actions import DATA_ACTIONS
    from app.ui.shell.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    rows = contacts.list_contacts(journal)
    busiest = max(rows, key=lambda r: r.favors_given + r.favors_received)
    longest = max(rows, key=lambda r: len(r.name))
    window = MainWindow(journal, settings)
    window.show()
    settle(app, window)
    yield "the first window", window, None
    screen = window.screen().availableGeometry().size()
    for size in SIZES:
        if size.width() > screen.width() or size.height() > screen.height():
            continue  # a window cannot be larger than its screen
        window.resize(size)
        for number, place in enumerate(window.places):
            window.go_to(number)
            if place is window.people:
                for who in (busiest.id, longest.id):
                    window.people.select_person(who)
                    name = contacts.get_contact(journal, who).name
                    window.people.page.banner.show_prompts([banner_view(who, name)])
                    settle(app, window)
                    yield f"People, {name[:20]}, at {size.width()}×{size.height()}", window, size
                continue
            if place is window.coalitions:
                window.coalitions.select_coalition(coalitions.list_coalitions(journal)[0].id)
            settle(app, window)
            yield f"{place.title} at {size.width()}×{size.height()}", window, size
    window.resize(SIZES[1])
    window.go_to(0)
    window.people.select_person(longest.id)
    settle(app, window)
    opened: list[tuple[str, QDialog]] = []

    def place_dialog(name: str, act: object) -> None:
        act()  # type: ignore[operator]
        settle(app, window)
        dialog = next(
            (w for w in app.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()),
            None,
        )
        if dialog is not None:
            opened.append((name, dialog))

    for name, act in (
        ("Add a person", window.act_new_person.trigger),
        ("Edit person", window.act_edit_person.trigger),
        ("Log a moment", window.act_moment.trigger),
        ("Log a favor", window.act_given.trigger),
        ("New coalition", window.act_new_coalition.trigger),
        ("Add a member", window.coalitions.add_member),
        ("Log a joint action", window.coalitions.log_joint_action),
        ("Trash", window.act_trash.trigger),
        ("Preferences", lambda: _trigger(window, "preferences")),
        ("Restore", window.act_restore.trigger),
        ("Search", lambda: _trigger(window, "find_everywhere")),
        ("Quick log", window.act_quick_log.trigger),
        ("Duplicates", lambda: _trigger(window, "find_duplicates")),
    ):
        if name == "Add a member":
            window.go_to(1)
            window.coalitions.select_coalition(coalitions.list_coalitions(journal)[0].id)
        place_dialog(name, act)
        if opened:
            yield *opened[-1], None
            opened[-1][1].done(0)
            settle(app, window)
            opened.clear()
    for key, _action, make in DATA_ACTIONS:
        dialog = make(journal, window.bus, window)
        dialog.show()
        settle(app, window)
        yield key, dialog, None
        dialog.done(0)
    window.close()


def _trigger(window: QWidget, name: str) -> None:
    for action in window.actions():
        if action.objectName() == name:
            action.trigger()
            return
    raise LookupError(name)


def main(path: Path) -> int:
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    settings_path = path.with_suffix(".ini")
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    checked = 0
    with open_journal(path) as journal:
        for shown, window, asked in tour(journal, settings):
            checked += 1
            for problem in problems(window, asked):
                print(json.dumps({"scale": scale, "shown": shown, "problem": problem}))
    print(json.dumps({"checked": checked}))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
