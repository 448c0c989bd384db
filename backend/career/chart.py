"""The profile picture sent with a result: six bars, drawn without a display."""

from __future__ import annotations

import io


def profile_png(names: list[str], scores: list[int], title: str, maximum: int = 10) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # Figure, not pyplot: no global state between calls

    figure = Figure(figsize=(6, 3.6), dpi=120)
    axes = figure.subplots()
    positions = list(range(len(names)))[::-1]
    axes.barh(positions, scores, color="#1f5fa8", height=0.6)
    axes.set_yticks(positions, names)
    axes.set_xlim(0, maximum)
    axes.set_title(title)
    for position, value in zip(positions, scores, strict=True):
        axes.text(value + 0.15, position, str(value), va="center")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
