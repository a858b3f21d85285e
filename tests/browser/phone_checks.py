"""Layout checks run in the page: sideways scrolling, tap targets under 44 x 44 CSS px, and a
focus indicator on every control reached with the Tab key.

Tap targets follow WCAG 2.5.5 (44 px): every link, button, field, select and summary. A radio
button or checkbox is measured by its label, which is what the thumb presses. Links inside a
sentence are exempt (the "inline" exception): a link whose line holds other words.
"""

MIN_TARGET = 44
TAB_PRESSES = 30

PROBLEMS_JS = """(minimum) => {
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) {
        // The outermost elements that stick out (not those inside a box that scrolls itself).
        const sticksOut = el => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && (box.right > root.clientWidth + 1 || box.left < -1);
        };
        const scrollsInside = el => {
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                const overflow = getComputedStyle(up).overflowX;
                if (['auto', 'scroll', 'hidden'].includes(overflow)) return true;
            }
            return false;
        };
        const wide = [...document.querySelectorAll('body *')]
            .filter(el => sticksOut(el) && !sticksOut(el.parentElement) && !scrollsInside(el)
                && getComputedStyle(el).position !== 'absolute')
            .slice(0, 3)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
        problems.push(`scrolls sideways: ${root.scrollWidth} px wide in ${root.clientWidth} px`
            + ` (${wide.join(', ')})`);
    }
    const describe = el => {
        const text = (el.innerText || el.value || el.getAttribute('aria-label')
            || el.getAttribute('placeholder') || el.name || '').trim().slice(0, 40);
        return `<${el.tagName.toLowerCase()}${el.type ? ' type=' + el.type : ''}> "${text}"`;
    };
    const inSentence = el => {
        if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
        let block = el.parentElement;
        while (block && getComputedStyle(block).display.startsWith('inline')) {
            block = block.parentElement;
        }
        let words = block ? block.innerText : '';
        for (const link of block ? block.querySelectorAll('a') : []) {
            words = words.replace(link.innerText, '');
        }
        return /\\p{L}{2,}/u.test(words);
    };
    const controls = document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]');
    for (const el of controls) {
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || el.closest('[hidden], .visually-hidden')) continue;
        let target = el;
        if (el.type === 'radio' || el.type === 'checkbox') {
            target = el.closest('label')
                || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el;
        }
        const box = target.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        // A skip link waits off-screen until it is focused.
        if (style.position === 'absolute' && box.right < 0) continue;
        if (inSentence(el)) continue;
        if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
            problems.push(`tap target ${Math.round(box.width)}x${Math.round(box.height)}: `
                + describe(el));
        }
    }
    // Placeholders are read whole: none is cut off by its field (measured as a value would be).
    for (const field of document.querySelectorAll('input[placeholder]')) {
        if (field.getBoundingClientRect().width === 0 || field.value) continue;
        field.style.fontSize = getComputedStyle(field, '::placeholder').fontSize;
        field.value = field.placeholder;
        const cut = field.scrollWidth > field.clientWidth;
        field.value = '';
        field.style.fontSize = '';
        if (cut) problems.push('placeholder cut off: ' + describe(field));
    }
    return problems;
}"""

FOCUS_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const box = el.getBoundingClientRect();
    const onScreen = box.bottom > 0 && box.top < innerHeight
        && box.right > 0 && box.left < innerWidth;
    if ((outline || shadow) && onScreen) return '';
    const text = (el.innerText || el.value || el.name || '').trim().slice(0, 40);
    return `focus not visible on <${el.tagName.toLowerCase()}> "${text}"`
        + (onScreen ? '' : ' (off screen)');
}"""


def layout_problems(page) -> list[str]:
    """Sideways scrolling and small tap targets on the page as it is now."""
    return page.evaluate(PROBLEMS_JS, MIN_TARGET)


def focus_problems(page, presses: int = TAB_PRESSES) -> list[str]:
    """Tabs through the first controls of the page; each must show where the focus is."""
    problems: list[str] = []
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement?.blur(); }")
    for _ in range(presses):
        page.keyboard.press("Tab")
        problem = page.evaluate(FOCUS_JS)
        if problem is None:
            break
        if problem and problem not in problems:
            problems.append(problem)
    return problems
