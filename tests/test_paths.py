from pipeline import paths


def test_paths_data_dir_env_then_setting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELAAH_HOME", raising=False)
    assert paths.data_dir().resolve() == (tmp_path / ".telaah").resolve()
    (tmp_path / "telaah.toml").write_text('data_dir = "data-proyek"\n', encoding="utf-8")
    assert paths.data_dir().resolve() == (tmp_path / "data-proyek").resolve()
    assert (tmp_path / "data-proyek").is_dir()
    monkeypatch.setenv("TELAAH_HOME", str(tmp_path / "rumah"))
    assert paths.data_dir() == tmp_path / "rumah"
