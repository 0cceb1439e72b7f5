"""Find people's names in Indonesian interview text, speaker labels and transcript headers. Pure: no I/O.

Three sources (the fourth, the researcher's own list, lives in the pseudonym key):

- speaker labels that are not generic (``Bu Retno``, ``SUTRISNO``; not ``Narasumber``, ``Speaker 2``);
- header values under person keys (``Nama:``, ``Informan:``) that look like a name (``Informan: Kepala Bidang
  Mutasi dan Promosi`` does not);
- capitalised words after honorifics and titles (``Pak Darmo``, ``Mbak Sri``, ``Drs. H. Ahmad Fauzi``) or before
  degrees (``Ahmad Fauzi, S.Sos., M.Si.``). Job titles after an honorific (``Pak Kabid``, ``Bu Kepala``,
  ``Pak Sekda``, ``Bu Dokter``) and agency names (BKN, Kanreg, BKD, SIASN) are never names.

Example:
    >>> [n.text for n in names_in_text("Kata Pak Darmo, Pak Kabid sudah setuju dengan Mbak Sri Wahyuni.")]
    ['Darmo', 'Sri Wahyuni']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

HONORIFICS = (
    "Pak", "Bu", "Bapak", "Ibu", "Mbak", "Mbakyu", "Mas", "Sdr.", "Sdri.", "Sdr", "Sdri", "Saudara", "Saudari",
    "Kak", "Bang", "Abang", "Teh", "Kang", "Akang", "Ceu", "Mang", "Uda", "Uni", "Bli", "Cak", "Ning", "Dik",
    "Dek", "Om", "Tante", "Mbah", "Eyang", "Nyonya", "Tuan", "Nona", "Prof.", "Drs.", "Dra.", "Dr.", "dr.",
    "Ir.", "H.", "Hj.", "KH.", "Haji", "Hajah", "Ustaz", "Ustadz", "Pakde", "Pakdhe", "Bude", "Budhe", "Paklik",
    "Bulik", "Abah", "Teteh",
)  # fmt: skip
# Capitalised words that follow an honorific but are not names: jobs, ranks, agencies, places, function words.
NOT_NAMES = frozenset(
    """
    kabid kabag kasi kasie kasubbag kasubag kasubbid kasubid kadis kaban kakan kakanreg kanreg kepala ketua wakil
    sekretaris sekda sekdes sekcam sekjen bendahara bupati wabup walikota wawali wali camat lurah kades kadus kadin
    carik bayan kamituwo rt rw dokter dok guru dosen direktur dirut dirjen menteri gubernur wagub presiden kapolres
    kapolsek kapolda danramil babinsa bhabin ustaz ustad ustadz kyai kiai haji hajah pendeta pastor romo bidan
    perawat mantri satpam sopir polisi tentara pejabat pegawai staf staff admin operator pengawas pembina pimpinan
    atasan kepsek kapus plt plh pj pjs penjabat anggota koordinator korwil ketum kasat kanit kapten mayor kolonel
    jenderal komandan bos juragan mandor analis kasubdit kasubsi kabiro karo deputi asisten inspektur auditor
    penyuluh pendamping fasilitator kepala bidang seksi bagian subbagian mutasi promosi dinas badan kantor
    pak bu ibu bapak mbak mas negara kota pertiwi pembangunan dewan bkn bkd bkpsdm bkpp kanreg siasn myasn sapk
    bappeda bapeda pemda pemkab pemkot pemprov pemdes pokdarwis bumdes opd dprd inspektorat sekretariat puskesmas
    kemendagri kemenpan kementerian kemenkeu universitas asn pns pppk honorer desa kabupaten kecamatan provinsi
    kelurahan dusun kampung jawa sunda barat tengah timur utara selatan
    saya aku kami kita kamu anda dia beliau mereka ini itu yang dan atau ya iya yah nggak gak enggak tidak tak
    sudah udah belum jadi terus trus kalau kalo mungkin bisa nah oke ok okay baik juga sih kan dong tadi nanti
    sama dari di ke untuk dengan pada ada mau akan harus boleh silakan silahkan terima mohon maaf selamat sugeng
    matur nggih inggih mboten monggo mangga punten halo hai begini gitu gimana bagaimana apa siapa kapan mana
    kenapa mengapa kok lho loh wah eh hmm ah oh yo lah tapi karena sebab soalnya pokoknya intinya biasanya dulu
    sekarang kemarin besok semua setiap tiap para sang si bukan memang pun makanya misalnya seperti
    menurut kata oleh kepada bersama tentang waktu ketika saat setelah sebelum sejak namanya nama bilang ngomong
    lalu kemudian akhirnya yaitu yakni adalah ialah contohnya contoh selain tanpa antara bagi buat
    senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni juli agustus september
    oktober november desember
    sebelumnya selanjutnya sesudah terakhir pertama kedua ketiga betul benar tentu pasti jelas sebenarnya
    sepertinya rasanya kayaknya ternyata bahkan apalagi walaupun meskipun padahal sedangkan sehingga agar supaya
    jika bila apabila dalam atas bawah luar terhadap melalui lewat sampai hingga mulai selama sekitar hampir cuma
    hanya saja lagi masih pernah sering jarang selalu kadang akhir awal tahun bulan hari pagi siang sore malam
    permisi salam assalamualaikum wassalamualaikum wilujeng sampurasun rampes nuwun hatur nuhun tani petani
    nelayan pedagang tua muda pengurus manajer manager supervisor kasir tukang buruh karyawan dukun kawin
    dandim danrem danramil kadinkes kadisdik kadishub kadispar kadinsos kalak kalaksa kasatpol dharma wanita
    persit bhayangkari pkk pabrik ulu-ulu jogoboyo kebayan modin kaur kasun perbekel kelian bendesa penghulu
    swastiastu dukcapil disdukcapil dinkes dinsos disdik bpbd bnpb bpjs babinkamtibmas satpol damkar
    """.split()
)
GENERIC_LABEL = re.compile(
    r"^(?:speaker|pembicara|informan|narasumber|nara\s+sumber|responden|partisipan|subjek|pewawancara|peneliti"
    r"|interviewer|interviewee|moderator|penanya|tanya|jawab|fasilitator|[a-z]{1,2})\s*[-_#.]?\s*\d*$",
    re.IGNORECASE,
)
PERSON_KEYS = frozenset(
    {"nama", "name", "informan", "narasumber", "responden", "partisipan", "subjek", "nama informan",
     "nama narasumber", "nama responden", "pewawancara", "peneliti", "interviewer", "wawancara dengan"}
)  # fmt: skip

_HON = "|".join(re.escape(h).replace(r"\.", r"\.") for h in sorted(HONORIFICS, key=len, reverse=True))
_HON_RE = rf"(?:(?i:{_HON})(?<=\.)|(?i:{_HON})(?![\w.]))"
_WORD = r"(?:[A-Z][a-z]+(?:['’-][A-Za-z]+)?|[A-Z]{2,}(?:['’-][A-Z]+)?)"
_INITIAL = r"[A-Z]\."
_DEGREE = (
    r"(?:[SMD]\d?\.\s?[A-Z][A-Za-z]{0,5}\.(?:\s?[A-Z][a-z]{0,4}\.)?|A\.\s?M[a-z]\.|Ph\.\s?D\.?|Lc\.|MPA|MPP|MBA|MSc"
    r"|S\.H\.I\.|M\.Sc\.)"
)
_AFTER_TITLE = re.compile(
    rf"(?<![\w.])(?P<hon>{_HON_RE}(?:\s+{_HON_RE})*)\s+(?P<name>{_WORD}(?:\s+(?:{_WORD}|{_INITIAL}))*)"
)
_BEFORE_DEGREE = re.compile(rf"(?P<name>{_WORD}(?:\s+(?:{_WORD}|{_INITIAL}))*),?\s+(?P<deg>{_DEGREE})")


@dataclass(frozen=True, slots=True)
class Name:
    """A name found in a text, with offsets into that text."""

    start: int
    end: int
    text: str


def is_not_name(word: str) -> bool:
    """True for a word that is never a name on its own (a job title, agency, place or function word).

    Words with the suffix ``-nya`` (``Sebelumnya``, ``Kepalanya``) are not names either.
    """
    word = word.strip(".,").casefold()
    return word in NOT_NAMES or (len(word) > 5 and word.endswith("nya"))


def _name_tokens(span: str, base: int, *, allow_caps: bool) -> Name | None:
    """Keep the leading tokens of ``span`` that can be a name (stop at a job title or function word)."""
    kept: list[re.Match] = []
    for m in re.finditer(r"\S+", span):
        word = m.group()
        if is_not_name(word) or (word.isupper() and len(word) > 1 and not allow_caps):
            break
        kept.append(m)
        if len(kept) == 4:
            break
    while kept and re.fullmatch(_INITIAL, kept[-1].group()):
        kept.pop()
    if not kept:
        return None
    start, end = kept[0].start(), kept[-1].end()
    return Name(base + start, base + end, span[start:end])


def names_in_text(text: str) -> list[Name]:
    """Names after honorifics/titles and before degrees in ``text``, in order, not overlapping.

    All-capital words count only after an all-capital honorific (``PAK DARMO``), so ``Pak BKN`` is no name.
    """
    found: list[Name] = []
    for m in _AFTER_TITLE.finditer(text):
        caps = m.group("hon").isupper()
        name = _name_tokens(m.group("name"), m.start("name"), allow_caps=caps)
        if name:
            found.append(name)
    for m in _BEFORE_DEGREE.finditer(text):
        words = m.group("name").split()
        # Keep the name words nearest the degree: "Menurut Ahmad Fauzi, M.Si." -> "Ahmad Fauzi".
        while words and is_not_name(words[0]):
            words.pop(0)
        if words and not any(is_not_name(w) for w in words):
            tail = " ".join(words)
            start = m.start("name") + m.group("name").rindex(words[0])
            found.append(Name(start, start + len(tail), text[start : start + len(tail)]))
    found.sort(key=lambda n: (n.start, -n.end))
    result: list[Name] = []
    for n in found:
        if not result or n.start >= result[-1].end:
            result.append(n)
    return result


def core_name(value: str) -> str | None:
    """The person's name in a label or header value, without honorifics and degrees; None if it is no name.

    >>> core_name("Bu Retno"), core_name("SUTRISNO"), core_name("Drs. Ahmad Fauzi, M.Si."), core_name("Speaker 2")
    ('Retno', 'Sutrisno', 'Ahmad Fauzi', None)
    >>> core_name("Kepala Bidang Mutasi dan Promosi, BKPSDM Kabupaten [disamarkan]") is None
    True
    """
    value = re.sub(r"\s+", " ", re.sub(r"\(.*?\)", " ", value)).strip(" :;-")  # "Bu Retno (Kasi)" -> "Bu Retno"
    if not value or GENERIC_LABEL.match(value):
        return None
    value = re.sub(rf"(?:,?\s*{_DEGREE})+\s*$", "", value)
    value = re.sub(rf"^(?:{_HON_RE}\s*)+", "", value).strip(" ,")
    words = value.split()
    if not 1 <= len(words) <= 4 or any(is_not_name(w) for w in words):
        return None
    if value.isupper():
        words = [w.capitalize() for w in words]
    if not all(re.fullmatch(rf"{_WORD}|{_INITIAL}", w) for w in words) or re.fullmatch(_INITIAL, words[0]):
        return None
    if all(w.isupper() for w in words):
        return None  # an acronym such as "BKN" or "OPD"
    return " ".join(words)


def label_name(label: str, *, generic: Iterable[str] = ()) -> str | None:
    """The person's name in a speaker label, or None for generic labels (``Narasumber``, ``P``, ``Speaker 2``)."""
    label = re.sub(r"\(.*?\)", " ", label).strip()
    if label.casefold() in {g.casefold() for g in generic}:
        return None
    return core_name(label)


def header_names(metadata: Iterable[tuple[str, str]]) -> list[str]:
    """Names in header values under person keys (``Nama``, ``Informan``, ``Pewawancara``...)."""
    names = []
    for key, value in metadata:
        if key.strip().casefold() in PERSON_KEYS:
            name = core_name(value.split(",")[0] if not re.search(_DEGREE, value) else value)
            if name:
                names.append(name)
    return names
