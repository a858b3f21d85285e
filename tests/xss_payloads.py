"""Fifty stored cross-site scripting payloads, as people paste them into forms.

Script tags, event handlers, `javascript:` and `data:` URLs, SVG and MathML, attribute and
tag breaking, CSS, template syntax (Django's and others'), and Unicode tricks (right-to-left
override, zero-width characters). Each one, if it ran, would open a dialog (`alert`,
`confirm`, `prompt`) or leave an element with an inline handler in the page; the browser test
checks for both. Used by tests/browser/test_stored_xss.py and the CSV export test.
"""

XSS_PAYLOADS: list[str] = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(2)</sCrIpT>",
    '"><script>alert(3)</script>',
    "'><script>alert(4)</script>",
    "</title><script>alert(5)</script>",
    "</textarea><script>alert(6)</script>",
    "<img src=x onerror=alert(7)>",
    '<img src="x" onerror="alert(8)">',
    "<svg onload=alert(9)>",
    "<svg><script>alert(10)</script></svg>",
    "<body onload=alert(11)>",
    "<iframe src=javascript:alert(12)>",
    '<iframe srcdoc="<script>alert(13)</script>">',
    "<a href=javascript:alert(14)>open</a>",
    '<a href="JaVaScRiPt:alert(15)">open</a>',
    "<a href=&#106;avascript:alert(16)>open</a>",
    "javascript:alert(17)",
    "<details open ontoggle=alert(18)>",
    "<input autofocus onfocus=alert(19)>",
    "<video><source onerror=alert(20)></video>",
    "<audio src=x onerror=alert(21)>",
    '<object data="javascript:alert(22)">',
    '<embed src="javascript:alert(23)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(24)>",
    '" onmouseover="alert(25)" x="',
    "' onfocus='alert(26)' autofocus '",
    '" autofocus onfocus=alert(27) x="',
    "<marquee onstart=alert(28)>",
    "<div style=\"background:url('javascript:alert(29)')\">",
    "<style>@import 'javascript:alert(30)';</style>",
    '<link rel=stylesheet href="javascript:alert(31)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(32)">',
    '<base href="javascript:alert(33)//">',
    '<form action="javascript:alert(34)"><button>go</button></form>',
    '<button formaction="javascript:alert(35)">go</button>',
    "<img src=x:alert(36) onerror=eval(src)>",
    "<svg><animate onbegin=alert(37) attributeName=x dur=1s>",
    "<img src=x onerror=\\u0061lert(38)>",
    "<scr<script>ipt>alert(39)</scr</script>ipt>",
    "<!--<img src=x onerror=alert(40)>-->",
    "<![CDATA[<script>alert(41)</script>]]>",
    "{{ 7|add:7 }}{{ request.user.password }}",
    "{% debug %}{% load static %}",
    "{{constructor.constructor('alert(44)')()}}",
    "${alert(45)}#{alert(46)}",
    "\u202egnp.exe<img src=x onerror=alert(46)>",
    "\u200b<img\u200bsrc=x onerror=alert(47)>",
    '=HYPERLINK("javascript:alert(48)","open")<script>alert(48)</script>',
    '<noscript><p title="</noscript><img src=x onerror=alert(49)>">',
    "</script><script>alert(50)</script>",
]

assert len(XSS_PAYLOADS) == len(set(XSS_PAYLOADS)) == 50


def payload_chunks(max_length: int, start: int = 0) -> list[str]:
    """Every payload, from the `start`-th on (wrapping round), packed into as few strings of at
    most `max_length` characters as fit, separated by spaces (a payload longer than
    `max_length` is cut)."""
    ordered = XSS_PAYLOADS[start:] + XSS_PAYLOADS[:start]
    chunks: list[str] = []
    for payload in ordered:
        payload = payload[:max_length]
        if chunks and len(chunks[-1]) + 1 + len(payload) <= max_length:
            chunks[-1] += " " + payload
        else:
            chunks.append(payload)
    return chunks


def payloads_within(max_length: int, start: int = 0) -> str:
    """As many payloads as fit in `max_length` characters, from the `start`-th on."""
    return payload_chunks(max_length, start)[0]
