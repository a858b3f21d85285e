"""The shop's filter selects (catalog.forms.LightSelect) render their options once per list and
language, then mark the chosen ones: what a buyer sees must not depend on which came first."""

from django.utils import translation

from catalog.forms import LightSelect

CHOICES = [("", "All districts"), ("Lahore", "Lahore"), ("Lahore Cantt", "Lahore Cantt")]


def render(value, choices=CHOICES):
    return LightSelect(choices=choices).render("district", value)


def test_only_the_chosen_value_is_marked_not_one_it_begins():
    html = render("Lahore")
    assert '<option value="Lahore" selected>' in html
    assert '<option value="Lahore Cantt">' in html
    assert '<option value="" selected>' not in html
    assert '<option value="" selected>' in render(None)  # nothing chosen: "All districts"
    assert "selected" not in render("Karachi")  # not among the choices


def test_values_and_labels_are_escaped_and_a_hostile_value_marks_nothing():
    choices = [("a&b", "<b>A & B</b>")]
    html = render("a&b", choices)
    assert '<option value="a&amp;b" selected>&lt;b&gt;A &amp; B&lt;/b&gt;</option>' in html
    assert "selected" not in render('"><script>', choices)


def test_options_follow_the_page_language():
    urdu_label = [("lahore", "لاہور"), ("tharparkar", "Tharparkar")]
    with translation.override("ur"):
        urdu = render("lahore", urdu_label)
    english = render("lahore", urdu_label)
    assert '<option value="tharparkar">Tharparkar</option>' in urdu.replace(
        ' lang="en" dir="auto"', ""
    )
    assert ' lang="en" dir="auto">Tharparkar' in urdu
    assert ' lang="ur" dir="auto">لاہور' in english
