"""How far a training run is and how long it has left, from the pace of the steps this process ran."""

from __future__ import annotations

from dataclasses import dataclass

# About this many progress lines per run, whatever its length; the first and the last logged step always get one.
LINES_PER_RUN = 12


@dataclass(frozen=True)
class StepClock:
    """When this process's first step started and which step that was (a resumed run starts past 0)."""

    started_at: float
    first_step: int
    total: int

    def due(self, step: int, previous: int) -> bool:
        """Whether the logged `step` gets a progress line, `previous` being the step logged before it (first_step
        for none): the first logged, each that crosses into a new stretch of total / LINES_PER_RUN steps, the last."""
        every = max(1, self.total // LINES_PER_RUN)
        return previous == self.first_step or step >= self.total or step // every > previous // every

    def time_left(self, step: int, now: float) -> float | None:
        """Seconds the remaining steps take at the pace so far; None before a step of this process finished."""
        done = step - self.first_step
        if done <= 0:
            return None
        return (now - self.started_at) / done * max(0, self.total - step)


def duration_text(seconds: float | None) -> str:
    """'12 min 5 s', '40 s', or '?' when unknown."""
    if seconds is None:
        return "?"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def progress_line(step: int, total: int, seconds_left: float | None, metrics: dict[str, float]) -> str:
    """One line of progress: the step, the time left, the total reward, its spread and length, each reward's mean."""
    rewards = " ".join(
        f"{key.split('/')[1]}={value:.3f}"
        for key, value in metrics.items()
        if key.endswith("/mean") and key.startswith("rewards/")
    )
    spread, length = metrics.get("frac_reward_zero_std", 0.0), metrics.get("completions/mean_length", 0.0)
    return (
        f"step {step}/{total}, {duration_text(seconds_left)} left: reward={metrics['reward']:.3f} "
        f"zero_std={spread:.2f} len={length:.1f} {rewards}"
    )
