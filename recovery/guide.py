"""What to do at each step, in the words of the office's guide (seeds/000_…txt, STEP⑩①②③)."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from . import schedule
from .models import Situation, Status

CCUS_URL = "https://www.ccus.jp/"

SELF_SERVICE_STEPS: dict[str, list[str]] = {
    Situation.PASSWORD_ONLY: [
        N_("建設キャリアアップシステムのホームページ(https://www.ccus.jp/)を開きます。"),
        N_(
            "ホームページの最下部まで画面をスクロールさせ「お問い合わせフォーム」をクリックします。"
        ),
        N_(
            "「①ログイン情報を教えてほしい」を選択し、表示される「a. パスワードのみ不明の場合は"
            "こちら」を開きます。"
        ),
        N_(
            "事業者ID登録時に設定した「メールアドレス」で、パスワードを再設定しましょう"
            "(お客様ご自身で手続きできます)。"
        ),
        N_(
            "パスワードを再設定したら、事業者IDと新しいパスワードでログインできることを確認します。"
        ),
    ],
    Situation.CAN_LOGIN: [
        N_("建設キャリアアップシステムのホームページ(https://www.ccus.jp/)を開きます。"),
        N_(
            "ホームページの最下部まで画面をスクロールさせ「お問い合わせフォーム」をクリックします。"
        ),
        N_(
            "「①ログイン情報を教えてほしい」を選択し、表示される「b. 建設キャリアアップシステムに"
            "ログイン可能で、登録メールアドレスを確認・変更したい場合はこちら」を開きます。"
        ),
        N_(
            "案内に従い、ログインして登録メールアドレスを確認・変更します(お客様ご自身で手続きできます)。"
        ),
    ],
}


@dataclass(frozen=True)
class LoginStep:
    """One step of the login work (the guide's STEP②), written once.

    ``markup`` is the guide's wording with three marks: ``**…**`` is emphasised in the client's
    PDF, a line break is kept there, and ``{ccus_url}`` / ``{business_id}`` are filled in. The
    case page shows ``text`` (no emphasis, no 事業者ID); the guide PDF shows ``html``.
    """

    number: str
    markup: str

    def text(self) -> str:
        """The step for the case page, in the active language."""
        plain = gettext(self.markup).replace("**", "").replace("{business_id}", "")
        return self.number + " " + plain.replace("{ccus_url}", CCUS_URL).replace("\n", " ")

    def html(self, *, business_id: str) -> str:
        parts = []
        for index, piece in enumerate(escape(self.markup).split("**")):
            parts.append(f"<strong>{piece}</strong>" if index % 2 else piece)
        shown = escape(business_id) if business_id else "＿" * 14
        marked = "".join(parts).replace("\n", "<br>")
        marked = marked.replace("{ccus_url}", f'<span class="nowrap">{escape(CCUS_URL)}</span>')
        marked = marked.replace(
            "{business_id}", f'事業者ID：<strong class="mono nowrap">{shown}</strong><br>'
        )
        return mark_safe(marked)  # noqa: S308 - every piece of text is escaped above


LOGIN_STEPS: tuple[LoginStep, ...] = (
    LoginStep(
        "①",
        N_(
            "建設キャリアアップシステムのホームページ（{ccus_url}）を開き、「**ログイン**」を"
            "クリックします。"
        ),
    ),
    LoginStep(
        "②",
        N_(
            "ログインID（事業者ID）を入力します。{business_id}パスワードには"
            "**メールで届いたパスワード**を入力します。\n※パスワードの入力ミスが無いように"
            "してください\n入力後、「**ログイン**」をクリックします。"
        ),
    ),
    LoginStep(
        "③",
        N_(
            "ログインをクリックするとパスワード変更画面に移行しますので\n"
            "現在のパスワード：運営から送られてきたパスワード\n"
            "新しいパスワード：今後使用されるパスワードを入力してください\n"
            "新しいパスワード確認：今後使用されるパスワードを再度入力して下さい\n"
            "それぞれ入力し「**パスワード変更**」をクリックします。"
        ),
    ),
    LoginStep(
        "④",
        N_(
            "セキュリティコード（本人確認番号）入力画面に移行しますので\n"
            "セキュリティコード（本人確認番号）を入力し「**確認**」をクリックします。\n"
            "【参考】セキュリティコードは**登録完了通知**に記載があります。"
        ),
    ),
    LoginStep("⑤", N_("ポップアップが表示されるので「**はい**」をクリックします。")),
    LoginStep(
        "⑥",
        N_(
            "建設キャリアアップシステム初期画面に移行しますので\n"
            "ログインID（事業者ID）と先ほど設定したパスワードを入力し\n"
            "「**ログイン**」をクリックしシステムにログインできることを確認し完了です。"
        ),
    ),
)


def login_work_steps() -> list[str]:
    """The login steps in the active language, for the case page."""
    return [step.text() for step in LOGIN_STEPS]


STEP_TITLES = {
    Status.PREPARING: N_("STEP① お問い合わせフォームで送信する"),
    Status.SENT: N_("受付完了メールを確認する"),
    Status.RECEIPT_CONFIRMED: N_("CCUSからの回答を待つ"),
    Status.WAITING: N_("CCUSからの回答を待つ"),
    Status.REPLIED: N_("ログイン作業の日程を決める"),
    Status.LOGIN_WORK: N_("STEP② 事業者IDとパスワードでログイン"),
    Status.DONE: N_("STEP③ IDやパスワード等の管理について"),
    Status.SELF_SERVICE: N_("お客様ご自身での手続きを案内しました"),
    Status.ON_HOLD: N_("保留中"),
    Status.CANCELLED: N_("取消済み"),
}

STEP_TEXTS: dict[str, list[str]] = {
    Status.PREPARING: [
        N_(
            "建設キャリアアップシステムのホームページ(https://www.ccus.jp/)を開き、最下部の「お問い合わせ"
            "フォーム」をクリックします。"
        ),
        N_(
            "【お問い合わせ内容】の▽マークをクリックし「①ログイン情報を教えてほしい」を選択し"
            "「次へ」をクリックします。"
        ),
        N_(
            "【情報記入欄】に下の文章を貼り付け、【お問い合わせ担当者情報】を入力します"
            "(メールアドレスは確認のため2回入力します)。"
        ),
        N_(
            "最後に「確認」をクリックし運営側に送信してください。送信したら「送信を記録」を押します。"
        ),
    ],
    Status.SENT: [
        N_(
            "送信完了後、入力したアドレス宛に受付完了を知らせるメールが届きます"
            "(送信元【建設キャリアアップシステムお問い合わせセンター】、"
            "題名【お問い合わせ受付:C-xxxxxxxxxx】)。届いたら件名と本文を貼り付けて記録します。"
        ),
        N_(
            "{receipt_wait}以上経過しても届かない場合は、入力したメールアドレスに誤りがないか、"
            "迷惑メールフォルダに振り分けられていないか確認をお願いします。"
        ),
        N_("メールアドレスに誤りがあった際は、再度お問い合わせしてください。"),
    ],
    Status.WAITING: [
        N_(
            "申請不備が無ければ運営から{reply_days}後に設定が完了する旨のメールが届きます"
            "(新しいパスワードが記載されています)。"
        ),
        N_(
            "届いたらメール本文を貼り付けて記録します。パスワードとセキュリティコードは伏字にして"
            "保存され、このシステムには残りません。"
        ),
    ],
    Status.REPLIED: [
        N_(
            "メール到着後、{login_days}後に作業してください。お客様とログイン作業の日程を調整します。"
        ),
        N_("作業を始めるときに「ログイン作業を開始」を押します。"),
    ],
    Status.DONE: [
        N_(
            "全ての設定が完了後、事業者ID、メールアドレス、パスワード、またはセキュリティコードは"
            "大切に保管しましょう(お客様にお伝えください)。"
        ),
        N_(
            "パスワードとセキュリティコードはこのシステムに記録しません。管理シートは手書きで記入します。"
        ),
    ],
    Status.ON_HOLD: [N_("保留を解除すると、保留前のステップから再開します。")],
    Status.CANCELLED: [N_("この案件は取り消されました。再開は事務所管理者が行えます。")],
}
STEP_TEXTS[Status.RECEIPT_CONFIRMED] = STEP_TEXTS[Status.WAITING]


def step_texts(case) -> tuple[str, list[str]]:
    """The title and the instructions of the case's current step, in the active language, the
    windows' words filled in from ``recovery.schedule``.

    The texts are kept in Japanese (the self-service guide PDF prints them as they are) and
    translated here, for the page.
    """
    title = gettext(STEP_TITLES[case.status])
    if case.status == Status.SELF_SERVICE:
        return title, [gettext(line) for line in SELF_SERVICE_STEPS.get(case.situation, [])]
    if case.status == Status.LOGIN_WORK:
        return title, login_work_steps()
    words = schedule.duration_words()
    return title, [gettext(line).format(**words) for line in STEP_TEXTS[case.status]]


CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def self_numbered(lines: list[str]) -> bool:
    """True when the lines carry the guide's own numbers (①②…): a page then does not number
    them a second time."""
    return bool(lines) and all(line[:1] in CIRCLED_NUMBERS for line in lines)
