"""Two coordinators editing the same agenda item or session: the later save is refused."""

from django import forms

from consolidate.refusals import Refused
from consolidate.versions import check_version


class RevisionCheckedForm(forms.ModelForm):
    """Remembers the revision it showed; refuses to save over a newer one."""

    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_revision"].initial = self.instance.revision

    def clean(self):
        data = super().clean()
        if not (self.instance.pk and self.has_changed()):
            return data
        current = type(self.instance).objects.filter(pk=self.instance.pk).first()
        if current is not None:
            try:
                check_version(data.get("seen_revision"), current.revision, now_reads=str(current))
            except Refused as refusal:
                raise forms.ValidationError(refusal.problems) from refusal
        return data
