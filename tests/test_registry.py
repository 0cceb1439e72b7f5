"""Model registry: read/write, promotion only when not worse, rollback, user registry from the shipped one."""

import pytest

from pipeline.errors import NotFound, PipelineError
from pipeline.registry import (ModelEntry, NotPromoted, Registry, active_registry, add, promote, read_registry,
                               rollback, user_folder, user_registry, write_registry)


def _entry(version, f1):
    return ModelEntry(version=version, created_at="2026-01-01T00:00:00+00:00", file=f"{version}.skops",
                      sha256="0" * 64, data_hash="d", n_examples=10, metrics={"micro_f1": f1})


def _registry(tmp_path):
    reg = Registry(folder=tmp_path)
    reg = add(reg, _entry("v1", 0.6))
    return promote(reg, "v1")


def test_registry_round_trip(tmp_path):
    reg = _registry(tmp_path)
    write_registry(reg)
    again = read_registry(tmp_path)
    assert again.active == "v1" and again.entries == reg.entries and again.history == ("v1",)
    assert read_registry(tmp_path / "none").entries == ()


def test_registry_bad_file(tmp_path):
    (tmp_path / "registry.json").write_text("{nope")
    with pytest.raises(PipelineError, match="not a valid model registry"):
        read_registry(tmp_path)


def test_registry_promotes_only_if_not_worse(tmp_path):
    reg = add(add(_registry(tmp_path), _entry("v2", 0.55)), _entry("v3", 0.6))
    with pytest.raises(NotPromoted, match="worse than the active model v1"):
        promote(reg, "v2")
    assert promote(reg, "v2", force=True).active == "v2"
    assert promote(reg, "v3").active == "v3"  # equal is not worse


def test_registry_promote_with_baseline_on_same_data(tmp_path):
    reg = add(_registry(tmp_path), _entry("v2", 0.5))
    assert promote(reg, "v2", baseline=0.4).active == "v2"  # the recorded 0.6 of v1 was on other data
    with pytest.raises(NotPromoted):
        promote(reg, "v2", baseline=0.7)


def test_registry_rollback(tmp_path):
    reg = add(add(_registry(tmp_path), _entry("v2", 0.7)), _entry("v3", 0.8))
    reg = promote(promote(reg, "v2"), "v3")
    reg = rollback(reg)
    assert reg.active == "v2"
    reg = rollback(reg)
    assert reg.active == "v1"
    with pytest.raises(NotFound, match="no earlier active model"):
        rollback(reg)


def test_registry_unknown_version_and_duplicates(tmp_path):
    reg = _registry(tmp_path)
    with pytest.raises(NotFound, match="model version 'v9'.*known versions: v1"):
        promote(reg, "v9")
    with pytest.raises(PipelineError, match="already exists"):
        add(reg, _entry("v1", 0.1))


def test_registry_user_starts_from_shipped(models_home):
    home, shipped = models_home
    write_registry(_registry(shipped))
    user = user_registry()
    assert user.folder == user_folder() and user.active == "v1"
    assert user.entries[0].shipped and user.path_of(user.entries[0]) == shipped / "v1.skops"
    assert active_registry().folder == shipped  # nothing written by the user yet
    write_registry(add(user, _entry("v2", 0.9)))
    assert active_registry().folder == user_folder()
