import pytest

from pipeline.errors import InvalidTranscript
from pipeline.formats.speakers import RawTurn, assign_roles, split_label
from pipeline.ingest import build_transcript, find_markers, parse_bytes, read_transcript

DIALOGUE = (
    "Pewawancara: Bagaimana koordinasi dengan puskesmas?\n\n"
    "Narasumber: Lumayan, Mbak. Tiap bulan tukar data “penerima ganda”, tapi sering telat.\n"
)


def _speakers(transcript):
    return [(t.speaker, t.role) for t in transcript.turns]


def _offsets_hold(transcript):
    return all(transcript.text[t.start:t.end] == t.text for t in transcript.turns)


# --- encodings ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # with BOM
        lambda s: s.encode("utf-16-le"),  # without BOM
        lambda s: s.encode("cp1252"),
        lambda s: s.replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-nobom", "cp1252", "cp1252-crlf"],
)
def test_ingest_encodings_give_same_text(encode, ingest_settings):
    t = parse_bytes(encode(DIALOGUE), name="W01.txt", settings=ingest_settings)
    assert t.turns[1].text == "Lumayan, Mbak. Tiap bulan tukar data “penerima ganda”, tapi sering telat."
    assert "\r" not in t.text and "\ufeff" not in t.text


def test_ingest_bom_crlf_file_with_header_and_continuation(ingest_data, ingest_settings):
    t = read_transcript(ingest_data / "bom_crlf.txt", settings=ingest_settings)
    assert t.format == "txt"
    assert t.meta["judul"] == "TRANSKRIP WAWANCARA UJI"
    assert t.meta["topik"] == "Kerja sama Dinsos dan puskesmas"
    assert t.meta["informan"] == "Kepala Seksi, Dinas Sosial"  # a header line, not a turn
    assert _speakers(t)[:2] == [("Pewawancara", "interviewer"), ("Narasumber", "informant")]
    assert len(t.turns) == 4
    assert t.turns[3].text.endswith("Terus kalau ada “data ganda” kita cek bareng.")  # unlabelled paragraph
    assert t.turns[1].line == 8  # the line of "Narasumber:" in the file
    assert _offsets_hold(t)
    assert len(t.content_hash) == 64


# --- speaker conventions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("labels_pi.txt", [("P", "interviewer"), ("I", "informant")]),
        ("labels_qa_timestamps.txt", [("Q", "interviewer"), ("A", "informant")]),
        ("labels_peneliti_informan3.txt", [("Peneliti", "interviewer"), ("Informan 3", "informant")]),
        ("labels_names_upper.txt", [("PEWAWANCARA", "interviewer"), ("JOKO", "informant")]),
        ("labels_speakers.txt", [("Speaker 1", "interviewer"), ("Speaker 2", "informant")]),
        ("bold_labels.md", [("Pewawancara", "interviewer"), ("Bu Sari", "informant")]),
        ("voices.vtt", [("Speaker 1", "interviewer"), ("Speaker 2", "informant")]),
        ("prefixes.srt", [("PEWAWANCARA", "interviewer"), ("PAK HARTO", "informant")]),
    ],
)
def test_ingest_speaker_conventions(fixture, expected, ingest_data, ingest_settings):
    t = read_transcript(ingest_data / fixture, settings=ingest_settings)
    assert _speakers(t)[:2] == expected
    assert _offsets_hold(t)


def test_ingest_continuation_lines_join_the_turn(ingest_data, ingest_settings):
    t = read_transcript(ingest_data / "labels_pi.txt", settings=ingest_settings)
    assert t.turns[3].text == "Ada rapat bulanan, tapi yang datang sering ganti-ganti orang.\nKadang cuma staf magang yang dikirim."


def test_ingest_neutral_labels_interviewer_is_who_asks(ingest_settings):
    text = (
        "Speaker 1: Saya kerja di dinas, ngurus data. Sudah lama.\n"
        "Speaker 2: Kalau datanya telat, bagaimana?\n"
        "Speaker 1: Kita tunggu saja, Mbak.\n"
        "Speaker 2: Siapa yang biasanya telat?\n"
        "Speaker 1: Kabupaten yang jauh.\n"
    )
    t = parse_bytes(text.encode(), name="S.txt", settings=ingest_settings)
    assert dict(_speakers(t)) == {"Speaker 1": "informant", "Speaker 2": "interviewer"}


def test_ingest_names_only_interviewer_by_questions(ingest_settings):
    text = "Rina: Apa peran Bapak di forum?\nBudi: Saya sekretaris forum.\nRina: Sejak kapan?\nBudi: Sejak 2021.\n"
    t = parse_bytes(text.encode(), name="N.txt", settings=ingest_settings)
    assert dict(_speakers(t)) == {"Rina": "interviewer", "Budi": "informant"}


def test_ingest_configurable_labels(ingest_settings):
    settings = {**ingest_settings, "interviewer_labels": ["penggali"], "informant_labels": ["sumber"]}
    text = "Penggali: Bagaimana rapatnya?\nSumber: Rutin tiap bulan.\n"
    t = parse_bytes(text.encode(), name="K.txt", settings=settings)
    assert _speakers(t) == [("Penggali", "interviewer"), ("Sumber", "informant")]


def test_ingest_assign_roles_tie_is_unknown(ingest_settings):
    turns = [("Speaker 1", "Ya begitu."), ("Speaker 2", "Betul sekali.")]
    assert assign_roles(turns, ingest_settings) == {"Speaker 1": "unknown", "Speaker 2": "unknown"}


def test_ingest_assign_roles_lone_neutral_speaker_is_unknown(ingest_settings):
    assert assign_roles([("Speaker 1", "Monolog saja.")], ingest_settings) == {"Speaker 1": "unknown"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Pewawancara: Baik", ("Pewawancara", "Baik", None)),
        ("Peneliti : Apa?", ("Peneliti", "Apa?", None)),
        ("[00:01:02] Q: Hm", ("Q", "Hm", 62.0)),
        ("**Bu Sari:** Ya", ("Bu Sari", "Ya", None)),
        ("Retno (Informan): Ya", ("Retno (Informan)", "Ya", None)),
        ("Pewawancara (00:01:23): Lalu?", ("Pewawancara", "Lalu?", 83.0)),
        ("Jam 10:15 tadi rapat", (None, "Jam 10:15 tadi rapat", None)),
        ("Lihat http://contoh.id", (None, "Lihat http://contoh.id", None)),
        ("Ya, pokoknya begini: kita lapor", (None, "Ya, pokoknya begini: kita lapor", None)),
    ],
)
def test_ingest_split_label_shapes(line, expected):
    assert split_label(line) == expected


def test_ingest_recurring_phrase_with_colon_is_not_a_speaker(ingest_settings):
    text = (
        "P: Bagaimana?\nI: Jadi intinya: kita lapor.\nP: Lalu?\nI: Jadi intinya: kita tunggu.\n"
    )
    t = parse_bytes(text.encode(), name="J.txt", settings=ingest_settings)
    assert [s for s, _ in _speakers(t)] == ["P", "I", "P", "I"]


# --- docx ----------------------------------------------------------------------------------------------


def test_ingest_docx_bold_names_colon_outside_and_header(make_docx, ingest_settings):
    path = make_docx([
        ("heading", "Transkrip Wawancara Uji"),
        ("p", [("Tanggal: 4 Juli 2024", False)]),
        ("p", []),
        ("p", [("Pewawancara:", True), (" Bagaimana peran desa?", False)]),
        ("p", [("Bu Wulan", True), (": Desa memfasilitasi, Mas. [inaudible] ", False)]),
        ("p", []),
        ("p", [("Lalu BUMDes pegang parkir.", False)]),
        ("p", [("Pewawancara", True), (": Ada forum bersama?", False)]),
        ("p", [("Bu Wulan:", True), (" Belum ada.", False)]),
    ])
    t = read_transcript(path, settings=ingest_settings)
    assert t.format == "docx"
    assert t.meta == {"judul": "Transkrip Wawancara Uji", "tanggal": "4 Juli 2024"}
    assert _speakers(t) == [("Pewawancara", "interviewer"), ("Bu Wulan", "informant")] * 2
    assert t.turns[1].text == "Desa memfasilitasi, Mas. [inaudible]\nLalu BUMDes pegang parkir."
    assert [m.kind for m in t.markers] == ["inaudible"]
    assert _offsets_hold(t)


def test_ingest_docx_bold_name_without_colon(make_docx, ingest_settings):
    path = make_docx([
        ("p", [("Pewawancara", True), (" Sudah lama di dinas?", False)]),
        ("p", [("Pak Anton", True), (" Sudah, Mas, enam tahun.", False)]),
        ("p", [("Pewawancara", True), (" Rapatnya rutin?", False)]),
        ("p", [("Pak Anton", True), (" Tiap triwulan.", False)]),
    ])
    t = read_transcript(path, settings=ingest_settings)
    assert _speakers(t)[:2] == [("Pewawancara", "interviewer"), ("Pak Anton", "informant")]
    assert t.turns[1].text == "Sudah, Mas, enam tahun."


def test_ingest_docx_two_column_table(make_docx, ingest_settings):
    path = make_docx([
        ("p", [("Wawancara dengan Kabid", False)]),
        ("table", [
            ["Pembicara", "Ucapan"],
            ["Pewawancara", "Bagaimana pembagian tugasnya?"],
            ["Informan", "Dinas membina, desa memfasilitasi."],
            ["", "Pokdarwis kelola atraksi."],
            ["Pewawancara", "Terima kasih."],
        ]),
    ])
    t = read_transcript(path, settings=ingest_settings)
    assert _speakers(t) == [("Pewawancara", "interviewer"), ("Informan", "informant"), ("Pewawancara", "interviewer")]
    assert t.turns[1].text == "Dinas membina, desa memfasilitasi.\nPokdarwis kelola atraksi."
    assert t.meta == {"judul": "Wawancara dengan Kabid"}


def test_ingest_docx_three_column_table_with_times(make_docx, ingest_settings):
    path = make_docx([("table", [
        ["00:00:05", "P", "Apa kabar forum desa?"],
        ["00:00:09", "I", "Masih wacana, Mbak."],
    ])])
    t = read_transcript(path, settings=ingest_settings)
    assert [(x.speaker, x.t_start) for x in t.turns] == [("P", 5.0), ("I", 9.0)]


# --- subtitles -----------------------------------------------------------------------------------------


def test_ingest_vtt_voices_cue_ids_and_times(ingest_data, ingest_settings):
    t = read_transcript(ingest_data / "voices.vtt", settings=ingest_settings)
    assert len(t.turns) == 4
    assert t.turns[1].text == "Lumayan, Mbak. Verifikasi sekarang lewat sistem, jadi lebih cepat dari dulu. [tertawa]"
    assert (t.turns[1].t_start, t.turns[1].t_end) == (6.5, 13.0)
    assert t.turns[1].line == 3  # cue number
    assert [m.kind for m in t.markers] == ["laughter"]
    assert "3f1c0a2e" not in t.text and "-->" not in t.text


def test_ingest_vtt_without_voices_uses_prefixes(ingest_settings):
    text = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nP: Rapatnya rutin?\n\n"
        "2\n00:00:02.500 --> 00:00:04.000\nI: Tiap bulan,\n\n3\n00:00:04.100 --> 00:00:05.000\nMbak.\n"
    )
    t = parse_bytes(text.encode(), name="x.vtt", settings=ingest_settings)
    assert [(x.speaker, x.text, x.t_start, x.t_end) for x in t.turns] == [
        ("P", "Rapatnya rutin?", 1.0, 2.0), ("I", "Tiap bulan, Mbak.", 2.5, 5.0),
    ]


def test_ingest_srt_prefix_on_first_cue_and_wrapped_lines(ingest_data, ingest_settings):
    t = read_transcript(ingest_data / "prefixes.srt", settings=ingest_settings)
    assert t.turns[0].text == "Sugeng siang, Pak. Bagaimana awalnya Pokdarwis ini terbentuk?"
    assert t.turns[1].text == "Awalnya dari karang taruna, Mas. Terus dibina Dinas, dapat SK dari Kepala Dinas."
    assert (t.turns[1].t_start, t.turns[1].t_end) == (6.5, 12.4)
    assert [m.kind for m in t.markers] == ["unclear"]
    assert _offsets_hold(t)


# --- markers, text composition -------------------------------------------------------------------------


def test_ingest_markers_kept_and_flagged(ingest_data, ingest_settings):
    t = read_transcript(ingest_data / "labels_qa_timestamps.txt", settings=ingest_settings)
    assert [(m.kind, m.text) for m in t.markers] == [("timestamp", "[00:01:10]"), ("laughter", "[tertawa]")]
    assert all(t.text[m.start:m.end] == m.text for m in t.markers)
    assert t.turns[0].t_start == 5.0


@pytest.mark.parametrize(
    ("marker", "kind"),
    [("[tidak jelas]", "unclear"), ("[inaudible]", "inaudible"), ("[tertawa]", "laughter"),
     ("[00:21:37]", "timestamp"), ("[jeda]", "other")],
)
def test_ingest_find_markers_kinds(marker, kind):
    assert [(m.kind, m.start) for m in find_markers(f"ya {marker} gitu", offset=10)] == [(kind, 13)]


def test_ingest_build_transcript_composes_text_and_offsets():
    turns = [RawTurn("P", "interviewer", "Apa kabar?"), RawTurn("Bu Ani", "informant", "Baik. [tertawa]", 1.5, 3.0, 4)]
    t = build_transcript("W9.txt", "txt", ["Judul Uji", "Tanggal: 1 Mei"], turns, content_hash="abc")
    assert t.text == "Judul Uji\nTanggal: 1 Mei\n\nP: Apa kabar?\n\nBu Ani: Baik. [tertawa]\n"
    assert [t.text[x.start:x.end] for x in t.turns] == ["Apa kabar?", "Baik. [tertawa]"]
    assert t.meta == {"judul": "Judul Uji", "tanggal": "1 Mei"}
    assert t.turns[1].t_start == 1.5 and t.turns[1].line == 4
    assert t.markers[0].start == t.text.index("[tertawa]")


def test_ingest_build_transcript_rebuilds_from_turns_with_replaced_text(ingest_data, ingest_settings):
    from dataclasses import replace

    t = read_transcript(ingest_data / "labels_names_upper.txt", settings=ingest_settings)
    turns = [replace(x, speaker="[NAMA-1]" if x.speaker == "JOKO" else x.speaker, text=x.text.replace("Joko", "[NAMA-1]"))
             for x in t.turns]
    rebuilt = build_transcript(t.name, t.format, [], turns, content_hash=t.content_hash)
    assert "Joko" not in rebuilt.text and "JOKO" not in rebuilt.text
    assert _offsets_hold(rebuilt)
    assert [x.role for x in rebuilt.turns] == [x.role for x in t.turns]


def test_ingest_build_transcript_drops_empty_turns():
    t = build_transcript("E.txt", "txt", [], [RawTurn("P", "interviewer", "  "), RawTurn("I", "informant", "Ya.")])
    assert [x.speaker for x in t.turns] == ["I"]
    assert t.turns[0].index == 0


# --- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("empty.txt", r"empty\.txt: berkas kosong"),
        ("binary.txt", r"binary\.txt: bukan berkas teks"),
        ("not_a_zip.docx", r"not_a_zip\.docx: bukan dokumen \.docx yang sah"),
        ("truncated.vtt", r"truncated\.vtt: baris 11: teks di luar cue"),
        ("truncated_timing.vtt", r"truncated_timing\.vtt: cue 1 \(baris 3\): baris waktu rusak"),
        ("no_speakers.txt", r"no_speakers\.txt: tidak ada label pembicara"),
        ("notes.pdf", r"notes\.pdf: ekstensi \.pdf tidak didukung"),
    ],
)
def test_ingest_bad_input_names_file_and_reason(fixture, message, ingest_data, ingest_settings):
    with pytest.raises(InvalidTranscript, match=message):
        read_transcript(ingest_data / fixture, settings=ingest_settings)


def test_ingest_too_large_file_is_refused_before_reading(tmp_path, ingest_settings):
    big = tmp_path / "besar.txt"
    with big.open("wb") as fh:  # a sparse 50 MB file: nothing is written or read
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(InvalidTranscript, match=r"besar\.txt: berkas 50\.0 MB melebihi batas max_file_mb = 20 MB"):
        read_transcript(big, settings=ingest_settings)


def test_ingest_size_limit_is_a_setting(tmp_path, ingest_settings):
    path = tmp_path / "kecil.txt"
    path.write_text("P: Apa?\nI: Ya.\n" * 100, encoding="utf-8")
    with pytest.raises(InvalidTranscript, match="max_file_mb = 0.001 MB"):
        read_transcript(path, settings={**ingest_settings, "max_file_mb": 0.001})


def test_ingest_missing_file(tmp_path, ingest_settings):
    with pytest.raises(InvalidTranscript, match=r"hilang\.txt: tidak dapat dibuka"):
        read_transcript(tmp_path / "hilang.txt", settings=ingest_settings)


def test_ingest_old_doc_renamed_docx(ingest_settings):
    with pytest.raises(InvalidTranscript, match=r"\.doc lama"):
        parse_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600, name="lama.docx", settings=ingest_settings)


def test_ingest_damaged_zip_docx(ingest_settings):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<not-closed")
    with pytest.raises(InvalidTranscript, match=r"rusak\.docx: dokumen \.docx rusak"):
        parse_bytes(buf.getvalue(), name="rusak.docx", settings=ingest_settings)


def test_ingest_srt_garbage_names_line(ingest_settings):
    data = "1\n00:00:01,000 --> 00:00:02,000\nP: Halo?\n\nini bukan cue\n".encode()
    with pytest.raises(InvalidTranscript, match=r"rusak\.srt: baris 5: bukan cue SubRip"):
        parse_bytes(data, name="rusak.srt", settings=ingest_settings)


def test_ingest_srt_truncated_last_cue(ingest_settings):
    data = "1\n00:00:01,000 --> 00:00:02,000\nP: Halo?\n\n2\n00:00:0".encode()
    with pytest.raises(InvalidTranscript, match=r"potong\.srt: baris 5"):
        parse_bytes(data, name="potong.srt", settings=ingest_settings)


def test_ingest_vtt_without_header(ingest_settings):
    with pytest.raises(InvalidTranscript, match="harus diawali 'WEBVTT'"):
        parse_bytes(b"00:00:01.000 --> 00:00:02.000\nP: Halo\n", name="x.vtt", settings=ingest_settings)


def test_ingest_third_speaker_asking_once_is_not_the_interviewer(ingest_settings):
    text = (
        "Speaker 1: Bagaimana koordinasinya?\nSpeaker 2: Rutin tiap bulan.\n"
        "Speaker 1: Siapa yang memimpin?\nSpeaker 2: Pak Kabid.\n"
        "Speaker 3: Permisi, Bu, tamunya sudah datang?\nSpeaker 2: Sebentar ya.\n"
        "Speaker 1: Lalu kendalanya apa?\nSpeaker 2: Dana terbatas.\n"
    )
    t = parse_bytes(text.encode(), name="G.txt", settings=ingest_settings)
    assert dict(_speakers(t)) == {"Speaker 1": "interviewer", "Speaker 2": "informant", "Speaker 3": "informant"}


def test_ingest_label_alone_on_its_line(ingest_settings):
    text = "Pewawancara:\nBagaimana rapatnya?\n\nNarasumber:\nRutin.\nTiap bulan.\n"
    t = parse_bytes(text.encode(), name="L.txt", settings=ingest_settings)
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("Pewawancara", "Bagaimana rapatnya?"), ("Narasumber", "Rutin.\nTiap bulan."),
    ]


def test_ingest_header_starting_with_a_role_key(ingest_settings):
    text = "Informan: Kepala Seksi Data\nTanggal: 2 Mei 2024\n\nP: Bagaimana?\n\nI: Baik.\n\nP: Lalu?\n\nI: Lancar.\n"
    t = parse_bytes(text.encode(), name="H.txt", settings=ingest_settings)
    assert t.meta == {"informan": "Kepala Seksi Data", "tanggal": "2 Mei 2024"}
    assert [x.speaker for x in t.turns] == ["P", "I", "P", "I"]


def test_ingest_docx_line_breaks_inside_a_paragraph_separate_turns(tmp_path, ingest_settings):
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("P: Bagaimana forumnya?")
    paragraph.add_run().add_break()
    paragraph.add_run("I: Belum terbentuk, Mas.")
    paragraph.add_run().add_break()
    paragraph.add_run("Masih wacana.")
    document.add_paragraph("P: Terima kasih.")
    document.save(tmp_path / "br.docx")
    t = read_transcript(tmp_path / "br.docx", settings=ingest_settings)
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("P", "Bagaimana forumnya?"), ("I", "Belum terbentuk, Mas.\nMasih wacana."), ("P", "Terima kasih."),
    ]


@pytest.mark.parametrize("head", ["Speaker {n}  0:{s:02d}", "00:00:{s:02d} Speaker {n}"])
def test_ingest_transcription_tool_label_lines(head, ingest_settings):
    lines = []
    for i, words in enumerate(["Bagaimana kerja samanya?", "Lancar, tiap bulan rapat.", "Ada kendala?", "Dana."]):
        lines += [head.format(n=i % 2 + 1, s=10 * i + 5), words, ""]
    t = parse_bytes("\n".join(lines).encode(), name="otter.txt", settings=ingest_settings)
    assert [(x.speaker, x.role, x.text, x.t_start) for x in t.turns][:2] == [
        ("Speaker 1", "interviewer", "Bagaimana kerja samanya?", 5.0),
        ("Speaker 2", "informant", "Lancar, tiap bulan rapat.", 15.0),
    ]


def test_ingest_upper_case_name_speaking_once_is_a_speaker(ingest_settings):
    text = "PEWAWANCARA: Bagaimana perannya?\nPAK HARTO: Kami pembina.\nPEWAWANCARA: Terima kasih.\n"
    t = parse_bytes(text.encode(), name="U.txt", settings=ingest_settings)
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("PEWAWANCARA", "interviewer"), ("PAK HARTO", "informant"), ("PEWAWANCARA", "interviewer"),
    ]


@pytest.mark.parametrize("name", ["W01-bkd-kanreg.txt", "W02-bappeda-stunting.docx", "W03-kanreg-analis.vtt",
                                  "W04-bank-sampah.srt"])
def test_ingest_shipped_samples(name, ingest_settings):
    from pipeline.paths import TRANSCRIPTS

    t = read_transcript(TRANSCRIPTS / "samples" / name, settings=ingest_settings)
    roles = [x.role for x in t.turns]
    assert 8 <= len(t.turns) <= 15 and set(roles) == {"interviewer", "informant"}
    assert roles[0] == "interviewer"
    assert _offsets_hold(t)


@pytest.mark.parametrize("fixture", ["voices.vtt", "prefixes.srt"])
def test_ingest_subtitles_saved_as_txt(fixture, ingest_data, ingest_settings):
    data = (ingest_data / fixture).read_bytes()
    as_txt = parse_bytes(data, name="ekspor.txt", settings=ingest_settings)
    original = parse_bytes(data, name=fixture, settings=ingest_settings)
    assert as_txt.format == "txt"
    assert [(x.speaker, x.text, x.t_start) for x in as_txt.turns] == [
        (x.speaker, x.text, x.t_start) for x in original.turns
    ]


# --- every format x every label style (generated from one fabricated dialogue) ---------------------------

DIALOGUE_TURNS = [
    ("interviewer", "Bagaimana pembagian tugas antara dinas dan desa?"),
    ("informant", "Dinas membina, desa memfasilitasi. Tapi belum ada aturan tertulis, Mas."),
    ("interviewer", "Siapa yang mengambil keputusan kalau ada masalah?"),
    ("informant", "Biasanya rapat bersama di balai desa. Kadang molor sampai sebulan [tertawa]."),
    ("interviewer", "Apakah data pengunjung dibagi?"),
    ("informant", "Dibagi tiap bulan lewat grup WA, dinas pakai untuk laporan."),
]
LABEL_STYLES = [
    ("Pewawancara", "Narasumber"), ("P", "I"), ("Q", "A"), ("Peneliti", "Informan 2"),
    ("PEWAWANCARA", "BU SARI"), ("Speaker 1", "Speaker 2"), ("Pewawancara", "Pak Darto"),
]


def _render(fmt: str, labels: tuple[str, str], tmp_path):
    label = {"interviewer": labels[0], "informant": labels[1]}
    if fmt in ("txt", "md"):
        pattern = "**{}:** {}" if fmt == "md" else "{}: {}"
        body = "\r\n\r\n".join(pattern.format(label[r], t) for r, t in DIALOGUE_TURNS)
        return ("Judul: Uji format\r\n\r\n" + body).encode("utf-8-sig")
    if fmt == "docx":
        import docx

        document = docx.Document()
        for role, text in DIALOGUE_TURNS:
            paragraph = document.add_paragraph()
            paragraph.add_run(label[role] + ":").bold = True
            paragraph.add_run(" " + text)
        document.save(tmp_path / "g.docx")
        return (tmp_path / "g.docx").read_bytes()
    cues, n = [], 0
    for role, text in DIALOGUE_TURNS:
        half = text.split(" ")
        for k, part in enumerate([" ".join(half[: len(half) // 2]), " ".join(half[len(half) // 2:])]):
            n += 1
            if fmt == "vtt":
                stamp = f"00:00:{n:02d}.000 --> 00:00:{n:02d}.900"
                cue_text = f"<v {label[role]}>{part}</v>"
            else:
                stamp = f"00:00:{n:02d},000 --> 00:00:{n:02d},900"
                cue_text = f"{label[role]}: {part}" if k == 0 else part
            cues.append(f"{n}\n{stamp}\n{cue_text}\n")
    return (("WEBVTT\n\n" if fmt == "vtt" else "") + "\n".join(cues)).encode("utf-8")


@pytest.mark.parametrize("labels", LABEL_STYLES, ids=lambda x: "/".join(x))
@pytest.mark.parametrize("fmt", ["txt", "md", "docx", "vtt", "srt"])
def test_ingest_every_format_with_every_label_style(fmt, labels, tmp_path, ingest_settings):
    t = parse_bytes(_render(fmt, labels, tmp_path), name=f"g.{fmt}", settings=ingest_settings)
    assert [(x.role, x.text) for x in t.turns] == DIALOGUE_TURNS
    assert [x.speaker for x in t.turns[:2]] == list(labels)
    assert [m.kind for m in t.markers] == ["laughter"]
    assert _offsets_hold(t)
    if fmt in ("vtt", "srt"):
        assert t.turns[0].t_start == 1.0 and t.turns[0].t_end == 2.9


@pytest.mark.parametrize("stamp", ["0:00:01.000 --> 0:00:02.500", "00:01.000 --> 00:02.500",
                                   "00:00:01,000 --> 00:00:02,500"])
def test_ingest_vtt_lenient_timing_lines(stamp, ingest_settings):
    text = f"WEBVTT\n\n{stamp}\nP: Halo?\n\n00:00:03.000 --> 00:00:04.000\nI: Ya.\n"
    t = parse_bytes(text.encode(), name="t.vtt", settings=ingest_settings)
    assert [(x.speaker, x.t_start, x.t_end) for x in t.turns] == [("P", 1.0, 2.5), ("I", 3.0, 4.0)]


def test_ingest_docx_table_with_number_and_time_columns(make_docx, ingest_settings):
    path = make_docx([("table", [
        ["No", "Waktu", "Pembicara", "Ucapan"],
        ["1", "00:00:05", "Pewawancara", "Bagaimana koordinasinya?"],
        ["2", "00:00:09", "Narasumber", "Rutin tiap bulan."],
        ["3", "", "", "Tapi sering ditunda."],
    ])])
    t = read_transcript(path, settings=ingest_settings)
    assert [(x.speaker, x.role, x.text, x.t_start) for x in t.turns] == [
        ("Pewawancara", "interviewer", "Bagaimana koordinasinya?", 5.0),
        ("Narasumber", "informant", "Rutin tiap bulan.\nTapi sering ditunda.", 9.0),
    ]


def test_ingest_docx_metadata_table_before_the_turns(make_docx, ingest_settings):
    path = make_docx([
        ("table", [["Nama informan", "Kasi Destinasi"], ["Tanggal", "3 Juli 2024"]]),
        ("p", [("Pewawancara:", True), (" Bagaimana?", False)]),
        ("p", [("Bu Wulan:", True), (" Baik.", False)]),
        ("p", [("Pewawancara:", True), (" Lalu?", False)]),
        ("p", [("Bu Wulan:", True), (" Lancar.", False)]),
    ])
    t = read_transcript(path, settings=ingest_settings)
    assert t.meta == {"nama informan": "Kasi Destinasi", "tanggal": "3 Juli 2024"}
    assert [x.speaker for x in t.turns] == ["Pewawancara", "Bu Wulan"] * 2
