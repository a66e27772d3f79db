"""What to do at each step, in the words of the office's guide (seeds/000_…txt, STEP⑩①②③)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

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

LOGIN_WORK_STEPS = [
    N_("①「ログイン」をクリックします。"),
    N_(
        "② ログインID(事業者ID)を入力します。パスワードにはメールで届いたパスワードを入力します"
        "(※パスワードの入力ミスが無いようにしてください)。入力後、「ログイン」をクリックします。"
    ),
    N_(
        "③ パスワード変更画面に移行しますので、現在のパスワード:運営から送られてきたパスワード、"
        "新しいパスワード:今後使用されるパスワード、新しいパスワード確認:今後使用されるパスワードを"
        "再度入力し、「パスワード変更」をクリックします。"
    ),
    N_(
        "④ セキュリティコード(本人確認番号)入力画面に移行しますので、セキュリティコード"
        "(本人確認番号)を入力し「確認」をクリックします(セキュリティコードは登録完了通知に記載があります)。"
    ),
    N_("⑤ ポップアップが表示されるので「はい」をクリックします。"),
    N_(
        "⑥ 建設キャリアアップシステム初期画面に移行しますので、ログインID(事業者ID)と先ほど設定した"
        "パスワードを入力し「ログイン」をクリックしシステムにログインできることを確認し完了です。"
    ),
]

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
            "1時間以上経過しても届かない場合は、入力したメールアドレスに誤りがないか、"
            "迷惑メールフォルダに振り分けられていないか確認をお願いします。"
        ),
        N_("メールアドレスに誤りがあった際は、再度お問い合わせしてください。"),
    ],
    Status.WAITING: [
        N_(
            "申請不備が無ければ運営から4〜5営業日後に設定が完了する旨のメールが届きます"
            "(新しいパスワードが記載されています)。"
        ),
        N_(
            "届いたらメール本文を貼り付けて記録します。パスワードとセキュリティコードは伏字にして"
            "保存され、このシステムには残りません。"
        ),
    ],
    Status.REPLIED: [
        N_(
            "メール到着後、2〜3営業日後に作業してください。お客様とログイン作業の日程を調整します。"
        ),
        N_("作業を始めるときに「ログイン作業を開始」を押します。"),
    ],
    Status.LOGIN_WORK: LOGIN_WORK_STEPS,
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
    """The title and the instructions of the case's current step, in the active language.

    The texts are kept in Japanese (the self-service guide PDF prints them as they are) and
    translated here, for the page.
    """
    if case.status == Status.SELF_SERVICE:
        texts = SELF_SERVICE_STEPS.get(case.situation, [])
    else:
        texts = STEP_TEXTS[case.status]
    return gettext(STEP_TITLES[case.status]), [gettext(text) for text in texts]


CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def self_numbered(lines: list[str]) -> bool:
    """True when the lines carry the guide's own numbers (①②…): a page then does not number
    them a second time."""
    return bool(lines) and all(line[:1] in CIRCLED_NUMBERS for line in lines)
