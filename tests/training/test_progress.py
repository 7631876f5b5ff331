from tourism_grpo.training.progress import LINES_PER_RUN, StepClock, duration_text


def _lines(clock: StepClock, logged: list[int]) -> list[int]:
    """The logged steps that get a progress line, as the reporter asks."""
    lines, previous = [], clock.first_step
    for step in logged:
        if clock.due(step, previous):
            lines.append(step)
        previous = step
    return lines


def test_a_long_run_gets_about_a_dozen_progress_lines_and_always_its_first_and_last() -> None:
    lines = _lines(StepClock(0.0, 0, 100), list(range(1, 101)))
    assert len(lines) in range(LINES_PER_RUN - 1, LINES_PER_RUN + 3)
    assert lines[0] == 1 and lines[-1] == 100
    assert _lines(StepClock(0.0, 0, 5), [1, 2, 3, 4, 5]) == [1, 2, 3, 4, 5]
    assert _lines(StepClock(0.0, 60, 100), list(range(61, 101)))[0] == 61  # a resumed run's first


def test_runs_that_log_every_tenth_step_still_get_a_line_per_stretch() -> None:
    # the GPU presets log every 10 steps: a logged step rarely falls on a multiple of the stretch (500 // 12 = 41)
    lines = _lines(StepClock(0.0, 0, 500), list(range(10, 501, 10)))
    assert lines[0] == 10 and lines[-1] == 500
    assert len(lines) in range(LINES_PER_RUN - 1, LINES_PER_RUN + 3)


def test_time_left_follows_the_pace_of_the_steps_this_process_ran() -> None:
    clock = StepClock(started_at=100.0, first_step=0, total=24)
    assert clock.time_left(0, 100.0) is None
    assert clock.time_left(4, 220.0) == 600.0  # 30 s a step, 20 steps to go
    resumed = StepClock(started_at=100.0, first_step=16, total=24)
    assert resumed.time_left(18, 160.0) == 180.0  # the steps before the checkpoint do not count toward the pace
    assert clock.time_left(24, 820.0) == 0.0


def test_durations_read_as_minutes_and_seconds() -> None:
    assert duration_text(None) == "?"
    assert duration_text(40.4) == "40 s"
    assert duration_text(725) == "12 min 5 s"


def test_a_progress_line_names_the_step_the_time_left_and_every_reward() -> None:
    from tourism_grpo.training.progress import progress_line

    metrics = {"reward": 1.23456, "frac_reward_zero_std": 0.5, "completions/mean_length": 31.04, "loss": 0.1}
    metrics |= {"rewards/tfidf_similarity/mean": 0.2, "rewards/tfidf_similarity/std": 0.1, "rewards/relevance/mean": 1}
    line = progress_line(4, 24, 130.0, metrics)
    assert line.startswith(f"step 4/24, {duration_text(130.0)} left: reward=1.235 zero_std=0.50 len=31.0 ")
    assert line.endswith("tfidf_similarity=0.200 relevance=1.000") and "loss" not in line
