"""Unreadable mails kept for staff, and a "seen" key no sender can choose.

``mail_key`` was the Message-ID (or a digest of the header fields), which the sender chooses: a
forged mail with a genuine mail's Message-ID kept the genuine one out. New rows use the digest of
the whole message (``inbox.reading.content_key``, "sha256:…"). Old rows cannot be re-keyed (the
message is never stored), so their keys are renamed into their own namespaces ("message-id:…",
"headers-sha256:…") where no new key can meet them; within the same UIDVALIDITY they stay known
by folder + UID, and the Message-ID is copied into the new ``message_id`` field.
"""

from django.db import migrations, models


def rename_old_keys(apps, schema_editor):
    CcusMail = apps.get_model("inbox", "CcusMail")
    for mail in CcusMail.objects.only("pk", "mail_key", "message_id").iterator():
        key = mail.mail_key
        if key.startswith("sha256:"):
            mail.mail_key = "headers-" + key
        else:
            mail.message_id = key[:300]
            mail.mail_key = ("message-id:" + key)[:255]
        mail.save(update_fields=["mail_key", "message_id"])


def restore_old_keys(apps, schema_editor):
    CcusMail = apps.get_model("inbox", "CcusMail")
    for mail in CcusMail.objects.only("pk", "mail_key").iterator():
        key = mail.mail_key
        if key.startswith("headers-sha256:"):
            mail.mail_key = key.removeprefix("headers-")
        elif key.startswith("message-id:"):
            mail.mail_key = key.removeprefix("message-id:")
        mail.save(update_fields=["mail_key"])


class Migration(migrations.Migration):

    dependencies = [
        ('inbox', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='ccusmail',
            name='body_truncated',
            field=models.BooleanField(default=False, verbose_name='本文を途中まで保存'),
        ),
        migrations.AddField(
            model_name='ccusmail',
            name='date_header',
            field=models.CharField(blank=True, max_length=200, verbose_name='Date ヘッダー'),
        ),
        migrations.AddField(
            model_name='ccusmail',
            name='message_id',
            field=models.CharField(blank=True, max_length=300, verbose_name='Message-ID'),
        ),
        migrations.AlterField(
            model_name='ccusmail',
            name='state',
            field=models.CharField(choices=[('recorded', '自動で記録済み'), ('assigned', '担当者が割当済み'), ('already', '記録済みの案件'), ('unassigned', '未割当'), ('dismissed', '対象外'), ('unreadable', '読み取れなかったメール')], max_length=20, verbose_name='状態'),
        ),
        migrations.AddIndex(
            model_name='ccusmail',
            index=models.Index(fields=['folder', 'uidvalidity', 'uid'], name='ccusmail_uid_idx'),
        ),
        migrations.RunPython(rename_old_keys, restore_old_keys),
    ]
