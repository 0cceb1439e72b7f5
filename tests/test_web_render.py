import pytest

from pipeline.records import Evidence
from pipeline.web.render import clock, highlight, spans


def test_web_render_highlight_escapes_everything():
    text = "Ada <script>x</script> & rapat rutin"
    html = str(highlight(text, [Evidence("rapat", 27, 32)]))
    assert html == "Ada &lt;script&gt;x&lt;/script&gt; &amp; <mark>rapat</mark> rutin"


def test_web_render_spans_merge_and_repair_offsets():
    text = "saling percaya dan saling berbagi"
    ev = [Evidence("saling percaya", 0, 14), Evidence("percaya dan", 7, 18), Evidence("berbagi", 0, 7),
          Evidence("tidak ada", 0, 9), Evidence("", 40, 50)]
    assert spans(text, ev) == [(0, 18), (26, 33)]


def test_web_render_evidence_with_markup_stays_text():
    text = "kata <b>tebal</b>"
    assert str(highlight(text, [Evidence("<b>tebal</b>", 5, 17)])) == "kata <mark>&lt;b&gt;tebal&lt;/b&gt;</mark>"


@pytest.mark.parametrize("seconds, shown", [(None, ""), (5, "0:05"), (754.4, "12:34"), (3725, "1:02:05")])
def test_web_render_clock(seconds, shown):
    assert clock(seconds) == shown

