from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OfficeProfile


class OfficeProfileForm(forms.ModelForm):
    class Meta:
        model = OfficeProfile
        fields = ["name", "postal_code", "address", "tel", "fax", "email", "opening_time"]
        widgets = {"opening_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        help_texts = {
            "name": _("書類・FAX・メールに表示されます。"),
            "opening_time": _("リマインダーはこの時刻に通知されます(既定 9:00)。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("保存する")))
