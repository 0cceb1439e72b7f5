"""telaah: NLP-assisted coding of Indonesian interview transcripts (DeSeve's collaboration criteria).

The package is named ``pipeline``; the distribution and the command are ``telaah``.
"""

__version__ = "0.1.0"
