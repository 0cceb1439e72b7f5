"""How pseudonymisation scales with the size of the key: 3000 made-up names, a 60,000-character transcript.

Usage: .venv/bin/python benchmarks/privacy_scale.py
"""

from __future__ import annotations

import random
import string
import time
from dataclasses import dataclass

from pipeline.privacy import PseudonymKey, pseudonymise_parts

WORDS = "saya di sini sudah lama kerja sama dengan dinas dan Kanreg untuk layanan kepegawaian".split()


@dataclass(frozen=True)
class Turn:
    speaker: str
    role: str
    text: str


def made_up_name(rng: random.Random) -> str:
    return rng.choice(string.ascii_uppercase) + "".join(rng.choice("aeioubdgklmnprst") for _ in range(rng.randint(3, 8)))


def main() -> None:
    rng = random.Random(1)
    names = sorted({made_up_name(rng) for _ in range(3000)})
    started = time.perf_counter()
    key = PseudonymKey().add_names(names)
    print(f"add {len(names)} names to the key: {time.perf_counter() - started:.2f} s ({len(key.entries)} entries)")
    text = " ".join(rng.choice(WORDS) if rng.random() > 0.02 else "Pak " + rng.choice(names) for _ in range(10000))
    turns = [Turn("Narasumber", "informant", text[i : i + 1000]) for i in range(0, len(text), 1000)]
    started = time.perf_counter()
    pseudonymise_parts([], [], turns, key)
    print(f"pseudonymise {len(text)} characters with that key: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
