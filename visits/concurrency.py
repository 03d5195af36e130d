"""Two coordinators editing the same agenda item or session: the later save is refused."""

from django import forms
from django.utils.translation import gettext as _


class RevisionCheckedForm(forms.ModelForm):
    """Remembers the revision it showed; refuses to save over a newer one."""

    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_revision"].initial = self.instance.revision

    def clean(self):
        data = super().clean()
        seen = data.get("seen_revision")
        if self.instance.pk and seen is not None and self.has_changed():
            current = type(self.instance).objects.filter(pk=self.instance.pk).first()
            if current is not None and current.revision != seen:
                raise forms.ValidationError(
                    _(
                        "Someone else changed this row while you were editing it; it now "
                        "reads “%(now)s”. Reload the page to see their change, then edit again."
                    )
                    % {"now": current}
                )
        return data
