"""View > Theme: the desktop's colours, or light, or dark, whatever the desktop says.

A selection keeps its colour when its list loses the focus: in many dark palettes
the inactive highlight is nearly the background, and the row chosen disappears.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEMES = ((SYSTEM, "&System"), (LIGHT, "&Light"), (DARK, "&Dark"))
SETTING = "view/theme"

_DARK = {
    QPalette.ColorRole.Window: "#26282b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1d1f21",
    QPalette.ColorRole.AlternateBase: "#2a2d30",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#323539",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#3d7a63",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#323539",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#8a8d91",
    QPalette.ColorRole.Link: "#8cc4ff",
    QPalette.ColorRole.BrightText: "#ffffff",
}


class _Original:
    """The style and palette the desktop gave, to go back to for "System"."""

    style: str | None = None
    palette: QPalette | None = None


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#8a8d91"))
    grey = QColor("#8a8d91")
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, grey)
    return palette


def visible_selection(palette: QPalette) -> QPalette:
    """`palette`, with a selection that stays as visible when its list is not focused."""
    for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
        active = palette.color(QPalette.ColorGroup.Active, role)
        palette.setColor(QPalette.ColorGroup.Inactive, role, active)
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """Colour the whole application: SYSTEM, LIGHT or DARK."""
    if _Original.palette is None:
        _Original.style = app.style().name()
        _Original.palette = QPalette(app.palette())
    if theme == DARK:
        app.setStyle("Fusion")
        palette = dark_palette()
    elif theme == LIGHT:
        app.setStyle("Fusion")
        palette = app.style().standardPalette()
    else:
        if _Original.style:
            app.setStyle(_Original.style)
        palette = QPalette(_Original.palette)
    app.setPalette(visible_selection(palette))


def saved_theme(settings: QSettings) -> str:
    theme = str(settings.value(SETTING, SYSTEM) or SYSTEM)
    return theme if theme in {key for key, _ in THEMES} else SYSTEM


def add_theme_menu(window: QWidget, menu: QMenu, settings: QSettings) -> dict[str, QAction]:
    """View > Theme with its three choices, the saved one checked; returns them by key."""
    themes = menu.addMenu("&Theme")
    group = QActionGroup(window)
    group.setExclusive(True)
    chosen = saved_theme(settings)
    actions: dict[str, QAction] = {}
    for key, text in THEMES:
        action = QAction(text, window)
        action.setCheckable(True)
        action.setChecked(key == chosen)
        action.triggered.connect(lambda _checked=False, key=key: _choose(settings, key))
        group.addAction(action)
        themes.addAction(action)
        actions[key] = action
    return actions


def _choose(settings: QSettings, theme: str) -> None:
    settings.setValue(SETTING, theme)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, theme)
