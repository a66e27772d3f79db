"""What to do at each step, in the words of the office's guide (seeds/000_…txt, STEP⑩①②③)."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import schedule
from .models import Situation, Status

CCUS_URL = "https://www.ccus.jp/"

SELF_SERVICE_STEPS: dict[str, list[str]] = {
    Situation.PASSWORD_ONLY: [
        f"建設キャリアアップシステムのホームページ({CCUS_URL})を開きます。",
        "ホームページの最下部まで画面をスクロールさせ「お問い合わせフォーム」をクリックします。",
        "「①ログイン情報を教えてほしい」を選択し、表示される「a. パスワードのみ不明の場合は"
        "こちら」を開きます。",
        "事業者ID登録時に設定した「メールアドレス」で、パスワードを再設定しましょう"
        "(お客様ご自身で手続きできます)。",
        "パスワードを再設定したら、事業者IDと新しいパスワードでログインできることを確認します。",
    ],
    Situation.CAN_LOGIN: [
        f"建設キャリアアップシステムのホームページ({CCUS_URL})を開きます。",
        "ホームページの最下部まで画面をスクロールさせ「お問い合わせフォーム」をクリックします。",
        "「①ログイン情報を教えてほしい」を選択し、表示される「b. 建設キャリアアップシステムに"
        "ログイン可能で、登録メールアドレスを確認・変更したい場合はこちら」を開きます。",
        "案内に従い、ログインして登録メールアドレスを確認・変更します(お客様ご自身で手続きできます)。",
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
        plain = self.markup.replace("**", "").replace("{business_id}", "")
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
        "建設キャリアアップシステムのホームページ（{ccus_url}）を開き、「**ログイン**」を"
        "クリックします。",
    ),
    LoginStep(
        "②",
        "ログインID（事業者ID）を入力します。{business_id}パスワードには"
        "**メールで届いたパスワード**を入力します。\n※パスワードの入力ミスが無いように"
        "してください\n入力後、「**ログイン**」をクリックします。",
    ),
    LoginStep(
        "③",
        "ログインをクリックするとパスワード変更画面に移行しますので\n"
        "現在のパスワード：運営から送られてきたパスワード\n"
        "新しいパスワード：今後使用されるパスワードを入力してください\n"
        "新しいパスワード確認：今後使用されるパスワードを再度入力して下さい\n"
        "それぞれ入力し「**パスワード変更**」をクリックします。",
    ),
    LoginStep(
        "④",
        "セキュリティコード（本人確認番号）入力画面に移行しますので\n"
        "セキュリティコード（本人確認番号）を入力し「**確認**」をクリックします。\n"
        "【参考】セキュリティコードは**登録完了通知**に記載があります。",
    ),
    LoginStep("⑤", "ポップアップが表示されるので「**はい**」をクリックします。"),
    LoginStep(
        "⑥",
        "建設キャリアアップシステム初期画面に移行しますので\n"
        "ログインID（事業者ID）と先ほど設定したパスワードを入力し\n"
        "「**ログイン**」をクリックしシステムにログインできることを確認し完了です。",
    ),
)

LOGIN_WORK_STEPS = [step.text() for step in LOGIN_STEPS]

STEP_TITLES = {
    Status.PREPARING: "STEP① お問い合わせフォームで送信する",
    Status.SENT: "受付完了メールを確認する",
    Status.RECEIPT_CONFIRMED: "CCUSからの回答を待つ",
    Status.WAITING: "CCUSからの回答を待つ",
    Status.REPLIED: "ログイン作業の日程を決める",
    Status.LOGIN_WORK: "STEP② 事業者IDとパスワードでログイン",
    Status.DONE: "STEP③ IDやパスワード等の管理について",
    Status.SELF_SERVICE: "お客様ご自身での手続きを案内しました",
    Status.ON_HOLD: "保留中",
    Status.CANCELLED: "取消済み",
}

STEP_TEXTS: dict[str, list[str]] = {
    Status.PREPARING: [
        f"建設キャリアアップシステムのホームページ({CCUS_URL})を開き、最下部の「お問い合わせ"
        "フォーム」をクリックします。",
        "【お問い合わせ内容】の▽マークをクリックし「①ログイン情報を教えてほしい」を選択し"
        "「次へ」をクリックします。",
        "【情報記入欄】に下の文章を貼り付け、【お問い合わせ担当者情報】を入力します"
        "(メールアドレスは確認のため2回入力します)。",
        "最後に「確認」をクリックし運営側に送信してください。送信したら「送信を記録」を押します。",
    ],
    Status.SENT: [
        "送信完了後、入力したアドレス宛に受付完了を知らせるメールが届きます"
        "(送信元【建設キャリアアップシステムお問い合わせセンター】、"
        "題名【お問い合わせ受付:C-xxxxxxxxxx】)。届いたら件名と本文を貼り付けて記録します。",
        "{receipt_wait}以上経過しても届かない場合は、入力したメールアドレスに誤りがないか、"
        "迷惑メールフォルダに振り分けられていないか確認をお願いします。",
        "メールアドレスに誤りがあった際は、再度お問い合わせしてください。",
    ],
    Status.WAITING: [
        "申請不備が無ければ運営から{reply_days}後に設定が完了する旨のメールが届きます"
        "(新しいパスワードが記載されています)。",
        "届いたらメール本文を貼り付けて記録します。パスワードとセキュリティコードは伏字にして"
        "保存され、このシステムには残りません。",
    ],
    Status.REPLIED: [
        "メール到着後、{login_days}後に作業してください。お客様とログイン作業の日程を調整します。",
        "作業を始めるときに「ログイン作業を開始」を押します。",
    ],
    Status.LOGIN_WORK: LOGIN_WORK_STEPS,
    Status.DONE: [
        "全ての設定が完了後、事業者ID、メールアドレス、パスワード、またはセキュリティコードは"
        "大切に保管しましょう(お客様にお伝えください)。",
        "パスワードとセキュリティコードはこのシステムに記録しません。管理シートは手書きで記入します。",
    ],
    Status.ON_HOLD: ["保留を解除すると、保留前のステップから再開します。"],
    Status.CANCELLED: ["この案件は取り消されました。再開は事務所管理者が行えます。"],
}
STEP_TEXTS[Status.RECEIPT_CONFIRMED] = STEP_TEXTS[Status.WAITING]


def step_texts(case) -> tuple[str, list[str]]:
    """The title and the instructions of the case's current step, the windows' words filled in
    from ``recovery.schedule``."""
    if case.status == Status.SELF_SERVICE:
        return STEP_TITLES[case.status], SELF_SERVICE_STEPS.get(case.situation, [])
    words = schedule.duration_words_ja()
    return STEP_TITLES[case.status], [line.format(**words) for line in STEP_TEXTS[case.status]]


CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def self_numbered(lines: list[str]) -> bool:
    """True when the lines carry the guide's own numbers (①②…): a page then does not number
    them a second time."""
    return bool(lines) and all(line[:1] in CIRCLED_NUMBERS for line in lines)
