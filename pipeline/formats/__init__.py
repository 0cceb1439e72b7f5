"""Format readers: bytes of one transcript file -> a list of ``Unit`` (paragraph, line, table row or cue).

Each reader (``txt``, ``docx``, ``vtt``, ``srt``) only turns its format into units with their source position,
explicit speaker (voice tag, table cell, bold name) and cue times; ``speakers.find_turns`` then finds the header,
the speaker labels, the turns and their roles the same way for every format. Pure: no file or DB access.
"""
