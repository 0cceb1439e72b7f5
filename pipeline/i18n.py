"""Every user-facing string of the review app in one place: Indonesian (default) and English.

``t(key, lang, **values)`` looks a string up and fills ``{placeholders}``. :func:`codebook` gives the code list
(``pipeline.codebook.load_codebook`` when available, else the 13 DeSeve ids of DESIGN.md) for labels and checks.
"""

from __future__ import annotations

from pipeline.records import Codebook, CodebookElement

LANGS: tuple[str, ...] = ("id", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation and accounts
    "app": ("telaah — tinjauan kode", "telaah — code review"),
    "nav.queue": ("Antrean", "Queue"),
    "nav.transcripts": ("Transkrip", "Transcripts"),
    "nav.agreement": ("Kesepakatan", "Agreement"),
    "nav.logout": ("Keluar", "Log out"),
    "role.lead": ("ketua", "lead"),
    "role.coder": ("pengode", "coder"),
    "login.title": ("Masuk", "Log in"),
    "login.name": ("Nama pengguna", "User name"),
    "login.password": ("Kata sandi", "Password"),
    "login.submit": ("Masuk", "Log in"),
    "login.bad": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
    "login.locked": ("Terlalu banyak percobaan gagal. Akun dikunci beberapa menit; coba lagi nanti.",
                     "Too many failed attempts. The account is locked for a few minutes; try again later."),
    "login.hint": ("Akun dibuat dengan `telaah users add NAMA --role coder`.",
                   "Accounts are made with `telaah users add NAME --role coder`."),
    "lang.switch": ("English", "Bahasa Indonesia"),
    # queue
    "queue.title": ("Antrean tinjauan", "Review queue"),
    "queue.empty": ("Antrean kosong untuk saringan ini. Semua saran sudah diputuskan.",
                    "The queue is empty for this filter. Every suggestion has been decided."),
    "queue.question": ("Pertanyaan pewawancara", "Interviewer's question"),
    "queue.informant": ("Informan", "Informant"),
    "queue.time": ("Waktu", "Time"),
    "queue.passage": ("Petikan", "Passage"),
    "queue.suggestions": ("Saran kode", "Suggested codes"),
    "queue.none": ("Tidak ada saran pada petikan ini.", "No suggestions on this passage."),
    "queue.confidence": ("keyakinan", "confidence"),
    "queue.source": ("sumber", "source"),
    "queue.state.pending": ("menunggu", "pending"),
    "queue.state.confirm": ("diterima", "accepted"),
    "queue.state.reject": ("ditolak", "rejected"),
    "queue.added": ("ditambahkan", "added"),
    "queue.note": ("Catatan (ikut keputusan berikutnya)", "Note (goes with the next decision)"),
    "queue.context": ("Giliran sekitar", "Neighbouring turns"),
    "queue.history": ("Riwayat keputusan", "Decision history"),
    "queue.history.none": ("Belum ada keputusan.", "No decisions yet."),
    "queue.add": ("Tambah kode", "Add a code"),
    "queue.add.search": ("Ketik untuk mencari kode…", "Type to search the codebook…"),
    "queue.next": ("Petikan berikutnya", "Next passage"),
    "queue.accepted_n": ("{n} saran diterima.", "{n} suggestions accepted."),
    "queue.undone": ("Dibatalkan: {what}.", "Undone: {what}."),
    "queue.nothing_to_undo": ("Tidak ada yang bisa dibatalkan.", "Nothing to undo."),
    "act.accept": ("Terima", "Accept"),
    "act.reject": ("Tolak", "Reject"),
    "act.flip": ("Balik polaritas", "Flip polarity"),
    "act.skip": ("Lewati", "Skip"),
    "act.undo": ("Batalkan", "Undo"),
    "act.add": ("Tambah", "Add"),
    "keys.title": ("Tombol", "Keys"),
    "keys.accept": ("terima", "accept"),
    "keys.reject": ("tolak", "reject"),
    "keys.flip": ("balik polaritas", "flip polarity"),
    "keys.move": ("pilih saran", "select suggestion"),
    "keys.add": ("tambah kode", "add a code"),
    "keys.skip": ("lewati", "skip"),
    "keys.note": ("catatan", "note"),
    "keys.undo": ("batalkan (bisa berulang)", "undo (repeatable)"),
    "keys.context": ("giliran sekitar", "neighbouring turns"),
    "keys.history": ("riwayat", "history"),
    "keys.bulk": ("terima massal", "bulk accept"),
    "keys.escape": ("tutup kotak isian", "leave a text box"),
    "pol.supports": ("mendukung", "supports"),
    "pol.against": ("menentang", "against"),
    "pol.absent": ("tidak ada", "absent"),
    "pol.present": ("ada", "present"),
    # filters and progress
    "flt.title": ("Urutan dan saringan", "Order and filters"),
    "flt.order": ("Urutan", "Order"),
    "flt.order.uncertain": ("paling tidak pasti dulu", "most uncertain first"),
    "flt.order.document": ("urutan dokumen", "document order"),
    "flt.order.lacking": ("unsur yang masih kurang bukti", "elements still lacking evidence"),
    "flt.transcript": ("Transkrip", "Transcript"),
    "flt.code": ("Kode", "Code"),
    "flt.informant": ("Informan", "Informant"),
    "flt.status": ("Status", "Status"),
    "flt.status.pending": ("menunggu", "pending"),
    "flt.status.decided": ("sudah diputuskan", "decided"),
    "flt.status.all": ("semua", "all"),
    "flt.any": ("(semua)", "(any)"),
    "flt.apply": ("Terapkan", "Apply"),
    "progress.line": ("Selesai {done} · tersisa {left}", "Done {done} · left {left}"),
    "progress.per_code": ("Per unsur (selesai/total)", "Per element (done/total)"),
    # bulk
    "bulk.title": ("Terima massal", "Bulk accept"),
    "bulk.code": ("Kode", "Code"),
    "bulk.min": ("Keyakinan minimal", "Minimum confidence"),
    "bulk.preview": ("Lihat jumlah", "Show the count"),
    "bulk.confirm": ("Terima {n} saran \u201c{code}\u201d dengan keyakinan \u2265 {min}?",
                     "Accept {n} suggestions of \u201c{code}\u201d with confidence \u2265 {min}?"),
    "bulk.yes": ("Ya, terima {n}", "Yes, accept {n}"),
    "bulk.no": ("Batal", "Cancel"),
    "bulk.none": ("Tidak ada saran tertunda yang cocok.", "No pending suggestions match."),
    "bulk.changed": ("Jumlahnya berubah sejak pratinjau; periksa lagi.",
                     "The count changed since the preview; check again."),
    # transcripts and assignments
    "tr.title": ("Transkrip", "Transcripts"),
    "tr.passages": ("petikan", "passages"),
    "tr.coders": ("Pengode", "Coders"),
    "tr.shared": ("bersama (tanpa penugasan)", "shared (not assigned)"),
    "tr.assign": ("Tugaskan", "Assign"),
    "tr.assign.help": ("Pilih dua pengode atau lebih untuk pengodean ganda (buta).",
                       "Pick two or more coders for (blind) double coding."),
    "tr.assigned": ("{name} ditugaskan ke: {coders}.", "{name} assigned to: {coders}."),
    "tr.open": ("Buka", "Open"),
    "tr.codes": ("Kode", "Codes"),
    "tr.interviewer": ("pewawancara", "interviewer"),
    # agreement
    "ag.title": ("Kesepakatan antarpengode", "Inter-coder agreement"),
    "ag.help": ("Dihitung per petikan × kode pada transkrip yang dikode ganda.",
                "Computed per passage × code on double-coded transcripts."),
    "ag.level": ("Tingkat", "Level"),
    "ag.level.presence": ("ada/tidak", "present/absent"),
    "ag.level.polarity": ("polaritas", "polarity"),
    "ag.machine": ("Sertakan mesin sebagai pengode", "Include the machine as a coder"),
    "ag.units": ("unit", "units"),
    "ag.coders": ("pengode", "coders"),
    "ag.percent": ("% sepakat", "% agreement"),
    "ag.kappa": ("kappa Cohen", "Cohen's kappa"),
    "ag.alpha": ("alpha Krippendorff", "Krippendorff's alpha"),
    "ag.overall": ("Keseluruhan", "Overall"),
    "ag.pairs": ("Per pasangan pengode", "Per pair of coders"),
    "ag.none": ("Belum ada petikan yang dikode oleh dua pengode atau lebih.",
                "No passage has been coded by two or more coders yet."),
    "ag.disagreements": ("Ketidaksepakatan", "Disagreements"),
    "ag.adjudicate": ("Putuskan", "Decide"),
    "ag.adjudicated": ("diputuskan ketua: {value}", "decided by the lead: {value}"),
    "ag.no_disagreements": ("Tidak ada ketidaksepakatan.", "No disagreements."),
    "ag.adjudication_saved": ("Keputusan ketua disimpan dan menjadi pengodean.",
                              "The lead's decision is saved and becomes the coding."),
    # errors
    "err.title": ("Permintaan tidak dapat diproses", "The request cannot be processed"),
    "err.back": ("Kembali ke antrean", "Back to the queue"),
    "err.400": ("Permintaan tidak valid.", "Bad request."),
    "err.401": ("Sesi berakhir atau belum masuk. Silakan masuk lagi.",
                "Session expired or not logged in. Please log in again."),
    "err.403": ("Anda tidak berhak membuka halaman ini.", "You are not allowed to open this page."),
    "err.404": ("Tidak ditemukan.", "Not found."),
    "err.405": ("Metode tidak diizinkan.", "Method not allowed."),
    "err.500": ("Terjadi kesalahan di server; keputusan sebelumnya tetap tersimpan.",
                "Something went wrong on the server; earlier decisions are kept."),
    "err.csrf": ("Token keamanan (CSRF) hilang atau salah. Muat ulang halaman lalu coba lagi.",
                 "The security (CSRF) token is missing or wrong. Reload the page and try again."),
    "err.code": ("Kode {code} tidak ada di codebook.", "Code {code} is not in the codebook."),
    "err.passage": ("Petikan {pid} tidak ditemukan.", "Passage {pid} not found."),
    "err.field": ("Isian {field} tidak valid.", "Field {field} is not valid."),
    "err.interviewer": ("Giliran pewawancara tidak dikode.", "Interviewer turns are not coded."),
    "err.lead": ("Hanya ketua tim yang dapat melakukan ini.", "Only the team lead can do this."),
}


def t(key: str, lang: str = "id", **values) -> str:
    """The string ``key`` in ``lang`` (Indonesian when unknown), with ``{placeholders}`` filled.

    Raises:
        KeyError: ``key`` is not a known message (a programming error, caught by the tests).
    """
    text = MESSAGES[key][1 if lang == "en" else 0]
    return text.format(**values) if values else text


_FALLBACK = (
    ("networked_structure", "Struktur jaringan", "Networked structure", None),
    ("commitment", "Komitmen terhadap tujuan bersama", "Commitment to a common purpose", None),
    ("trust", "Saling percaya antarpartisipan", "Trust among the participants", None),
    ("governance", "Kepastian tata kelola", "Governance", None),
    ("governance.boundary_exclusivity", "Batas dan eksklusivitas keanggotaan", "Boundary and exclusivity",
     "governance"),
    ("governance.rules", "Aturan main", "Rules", "governance"),
    ("governance.self_determination", "Determinasi diri", "Self-determination", "governance"),
    ("governance.network_management", "Manajemen jaringan", "Network management", "governance"),
    ("access_to_authority", "Akses terhadap kewenangan", "Access to authority", None),
    ("leadership", "Kepemimpinan", "Leadership", None),
    ("distributive_accountability", "Pembagian akuntabilitas/tanggung jawab",
     "Distributive accountability/responsibility", None),
    ("information_sharing", "Berbagi informasi", "Information sharing", None),
    ("access_to_resources", "Akses sumber daya", "Access to resources", None),
)


def codebook(path: str | None = None) -> Codebook:
    """The codebook the app checks codes against: ``load_codebook(path)``, else DESIGN.md's 13 codes."""
    try:
        from pipeline.codebook import load_codebook
    except ImportError:  # the codebook module is optional for the review app
        elements = tuple(CodebookElement(i, lid, len_, parent=p) for i, lid, len_, p in _FALLBACK)
        return Codebook("deseve", "builtin", elements)
    return load_codebook(path or None)


def code_label(book: Codebook, code: str, lang: str = "id") -> str:
    """The label of ``code`` in ``lang`` (the id itself when the codebook does not know it)."""
    try:
        element = book.get(code)
    except KeyError:
        return code
    return element.label_en if lang == "en" else element.label_id
