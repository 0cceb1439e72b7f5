"""The project's exceptions: one base class; input errors are also ValueErrors.

Messages say what is wrong, where (file, line, passage id) and how to fix it. Library code raises these;
only the CLI (exit 1), the web app (4xx) and Prefect (failed task) turn them into something a user sees.
"""


class PipelineError(Exception):
    """Base class of every error telaah reports to a user."""


class InvalidTranscript(PipelineError, ValueError):
    """A transcript file cannot be read or has no usable speaker turns."""


class InvalidCodebook(PipelineError, ValueError):
    """The codebook file is malformed (unknown parent, duplicate id, ...)."""


class InvalidLexicon(PipelineError, ValueError):
    """A lexicon file is malformed (empty term list, unknown code, ...)."""


class InvalidDecisions(PipelineError, ValueError):
    """A decisions file has unknown passage ids or codes, or bad rows."""


class InvalidConfig(PipelineError, ValueError):
    """A setting or configuration file is wrong."""


class ModelNotTrained(PipelineError, ValueError):
    """A classifier was used before it was fitted, or no model is available."""


class ModelLoadError(PipelineError):
    """A saved model cannot be loaded safely (missing, tampered, another library version)."""


class StoreError(PipelineError):
    """The database cannot be opened, migrated or written."""


class DatabaseBusy(StoreError):
    """Another telaah run is writing to the same database."""


class NotFound(PipelineError, LookupError):
    """A passage, transcript, user or model that was asked for does not exist."""


class PrivacyError(PipelineError):
    """The pseudonym key cannot be opened or written (wrong passphrase, missing file)."""


class AuthError(PipelineError):
    """Login or permission failure in the review app."""
