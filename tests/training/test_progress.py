from tourism_grpo.training.progress import LINES_PER_RUN, StepClock, duration_text


def test_a_long_run_gets_about_a_dozen_progress_lines_and_always_its_last_step() -> None:
    clock = StepClock(started_at=0.0, first_step=0, total=100)
    due = [step for step in range(1, 101) if clock.due(step)]
    assert len(due) in range(LINES_PER_RUN - 1, LINES_PER_RUN + 3)
    assert due[0] == 1 and due[-1] == 100
    assert next(step for step in range(61, 101) if StepClock(0.0, 60, 100).due(step)) == 61  # a resumed run's first
    assert all(StepClock(0.0, 0, 5).due(step) for step in range(1, 6))


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
