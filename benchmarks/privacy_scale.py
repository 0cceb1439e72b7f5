"""How pseudonymisation scales with the size of the key: 3000 made-up names, a 60,000-character transcript.

Usage: .venv/bin/python benchmarks/privacy_scale.py
"""

import random, string, time
from pipeline.privacy import PseudonymKey, pseudonymise_text, pseudonymise_parts
random.seed(1)
def nm(): return random.choice(string.ascii_uppercase) + "".join(random.choice("aeioubdgklmnprst") for _ in range(random.randint(3,8)))
names = list({nm() for _ in range(3000)})
t0=time.perf_counter(); key = PseudonymKey().add_names(names); print(f"add {len(names)} names to the key: {time.perf_counter() - t0:.2f} s ({len(key.entries)} entries)")
words = "saya di sini sudah lama kerja sama dengan dinas dan Kanreg untuk layanan kepegawaian".split()
text = " ".join(random.choice(words) if random.random() > 0.02 else "Pak " + random.choice(names) for _ in range(10000))
from dataclasses import dataclass
@dataclass(frozen=True)
class T: speaker: str; role: str; text: str
turns=[T("Narasumber","informant",text[i:i+1000]) for i in range(0,len(text),1000)]
t0=time.perf_counter(); h,new,key2 = pseudonymise_parts([], [], turns, key); print(f"pseudonymise {len(text)} characters with that key: {time.perf_counter() - t0:.2f} s")
