# ruff: noqa: E501 - corpus data reads best one entry per line
"""Invented CCUS mails and staff notes: what must vanish (``secrets``) and what must stay (``keep``).

Every password, code, name, ID and address here is made up (example.jp, 0767/03 numbers).
``where`` says which page staff would use: "note" (case timeline note), "memo" (client memo),
"consultation" (ご相談内容), "error" (a case's error message), "reply"/"receipt" (pasted mails).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    name: str
    text: str
    secrets: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    where: str = "note"
    subject: str = ""
    tags: tuple[str, ...] = field(default=())


ID = "90000000000102"
E = Entry

ENTRIES: list[Entry] = [
    # --- a password in a sentence (the list) ---
    E("wo-henko", "パスワードをQv8!mT2kに変更しました", ("Qv8!mT2k",), ("変更しました",)),
    E("ni-reset", "お客様のパスワードはRb5#nW7pにリセットしました。", ("Rb5#nW7p",), ("リセット",)),
    E("kari-pw-kagi", "仮PW「Tmp-4821xy」でログインしてもらう", ("Tmp-4821xy",), ("ログイン",)),
    E("pw-arrow", "PW→Kd92pLmz 電話で伝達済", ("Kd92pLmz",), ("電話で伝達済",), "memo"),
    E("code-ga", "セキュリティコードが48261739です", ("48261739",), ("です",), "consultation"),
    E(
        "password-is",
        "Password is Hq4$zT8w, please change it.",
        ("Hq4$zT8w",),
        ("please change it",),
        "consultation",
    ),
    E("pasu-colon", "パス：Wm3kR8tz", ("Wm3kR8tz",), ("パス：",), "memo"),
    E("ansho", "暗証：73914826", ("73914826",), ("暗証",), "memo"),
    E("after-change", "パスワード変更後：Nw2027!kz", ("Nw2027!kz",), ("パスワード変更後",)),
    E("reverse-order", "Xk29!pqL がパスワードです", ("Xk29!pqL",), ("がパスワードです",)),
    E(
        "wrapped-sentence",
        "パスワードを下記のとおり\n変更しました：Gh7%kq2W",
        ("Gh7%kq2W",),
        ("下記のとおり",),
    ),
    E("wa-desu", "新しいパスワードは Zp4!wq8R です。", ("Zp4!wq8R",), ("です。",)),
    E("code-wa-spaced", "本人確認番号は 5521 9043 です", ("5521 9043",), ("です",), "memo"),
    E("code-then-word", "81726354 がセキュリティコードとのこと", ("81726354",), ("とのこと",)),
    E("mo", "パスワードもAa11bb22ccに変えた", ("Aa11bb22cc",), ("変えた",)),
    E("pw-equals", "PW=Pw!Zq81xTm", ("Pw!Zq81xTm",), ("PW=",), "memo"),
    E("ascii-pw-colon", "ID/PW: 90000000000102 / Lm8?xc3V", ("Lm8?xc3V",), (ID,), "memo"),
    # --- the 事業者ID sharing a line or a table with the password ---
    E("id-and-password", f"ID/パスワード：{ID} / Vt6@rq9M", ("Vt6@rq9M",), (ID,)),
    E("id-table", f"事業者ID\tパスワード\n{ID}\tJu8&kp2X", ("Ju8&kp2X",), (ID,), "memo"),
    E(
        "id-md-table",
        f"| 事業者ID | 初期パスワード |\n|---|---|\n| {ID} | **Cq3!vn7B** |",
        ("Cq3!vn7B",),
        (ID, "初期パスワード"),
    ),
    # --- quoting and forwards ---
    E(
        "quoted-label-line",
        "> 新パスワード\n> Hj7&kL2p\n> よろしくお願いします",
        ("Hj7&kL2p",),
        ("よろしくお願いします",),
        "reply",
    ),
    E(
        "gmail-forward",
        "---------- Forwarded message ---------\nFrom: 建設キャリアアップシステムお問い合わせセンター "
        "<info@example.jp>\nDate: 2027年1月6日(水) 14:02\nSubject: 登録メールアドレス変更完了のお知らせ\n"
        f"To: <ccus@noto-test.example.jp>\n\n事業者ID：{ID}\n新パスワード：Fz5*hq3N\n",
        ("Fz5*hq3N",),
        (ID, "info@example.jp", "ccus@noto-test.example.jp"),
        "reply",
    ),
    E(
        "outlook-forward",
        "-----Original Message-----\nFrom: CCUS <info@example.jp>\nSent: Wednesday, January 6, "
        "2027 2:02 PM\nSubject: 変更完了\n\n登録メールアドレスの変更が完了しました。\n"
        "仮パスワード: Tmp-9876xy\n",
        ("Tmp-9876xy",),
        ("info@example.jp", "変更が完了"),
        "reply",
    ),
    E(
        "double-quote",
        ">> パスワード：\n>> Rr4#tt5Y\n> 転送します",
        ("Rr4#tt5Y",),
        ("転送します",),
        "reply",
    ),
    E(
        "quoted-block-reverse",
        "> 下記でログインしてください。\n> Qa7!ws3E\n> 上記がパスワードです。",
        ("Qa7!ws3E",),
        ("ログインしてください",),
        "reply",
    ),
    E(
        "reply-above-quote",
        "承知しました。\n\n> セキュリティコード\n> 66130927\n",
        ("66130927",),
        ("承知しました",),
        "reply",
    ),
    # --- HTML-to-text ---
    E("md-bold-cell", "初期パスワード | **Wd3!bz6K**", ("Wd3!bz6K",), ("初期パスワード",), "reply"),
    E("tab-star-cell", "初期パスワード\t*Ny5@pq2L*", ("Ny5@pq2L",), ("初期パスワード",), "reply"),
    E(
        "one-row-table",
        f"事業者ID\t初期パスワード\tセキュリティコード\n{ID}\tKs8!mv4Q\t30491827",
        ("Ks8!mv4Q", "30491827"),
        (ID,),
        "reply",
    ),
    E("html-tags", "<p>新パスワード：<b>Ye6$rt9P</b></p>", ("Ye6$rt9P",), ("<p>",), "reply"),
    E("nbsp", "パスワード&nbsp;Ub2!kk7T&nbsp;です", ("Ub2!kk7T",), ("です",), "reply"),
    E(
        "spaced-columns",
        f"事業者ID        パスワード\n{ID}  Pe9?zw4D",
        ("Pe9?zw4D",),
        (ID,),
        "memo",
    ),
    # --- the guide's completion notice ---
    E(
        "completion-notice",
        "事業者情報登録完了のお知らせ\n\n下記の事業者情報の登録が完了しましたのでお知らせします。\n\n"
        f"事業者ID\n{ID}\n事業者名\n株式会社能登テスト建設\n管理者ID (登録責任者)\n{ID}\n"
        "初期パスワード (初回ログイン時にパスワードの変更が必要になります。ご注意ください。)\n"
        "Dv7!kq3Z\nセキュリティコード\n28374651\nログインURL\nhttps://www.ccus.jp/\n",
        ("Dv7!kq3Z", "28374651"),
        (ID, "https://www.ccus.jp/", "株式会社能登テスト建設"),
        "reply",
    ),
    E(
        "completion-note-line",
        "初期パスワード\n(初回ログイン時にパスワードの変更が必要になります。ご注意ください。)\n"
        "Mx4#wr8T\nセキュリティコード\n19283746\n",
        ("Mx4#wr8T", "19283746"),
        ("ご注意ください",),
        "reply",
    ),
    # --- width and invisible characters ---
    E("zero-width-label", "パス\u200bワード：Bt5!xz9Q", ("Bt5!xz9Q",), ("ワード",)),
    E(
        "full-width-value",
        "パスワード：Ａｂｃ１２３！ｘｙ",
        ("Ａｂｃ１２３！ｘｙ",),
        ("パスワード",),
    ),
    E("half-width-kana-label", "ﾊﾟｽﾜｰﾄﾞ：Qe4@lp8S", ("Qe4@lp8S",), ("ﾊﾟｽﾜｰﾄﾞ",), "memo"),
    E(
        "full-width-code",
        "セキュリティコード：５５６６７７８８",
        ("５５６６７７８８",),
        ("セキュリティコード",),
    ),
    E(
        "zero-width-in-value",
        "新パスワード：Hk4\u200b!pz7W",
        ("Hk4\u200b!pz7W",),
        ("新パスワード",),
    ),
    # --- mixed English/Japanese ---
    E(
        "en-security-code",
        "Security code: 4826 1739 (本人確認番号)",
        ("4826 1739",),
        ("Security code",),
        "error",
    ),
    E("en-pw-lower", "pw: abc12345xyz", ("abc12345xyz",), ("pw:",), "error"),
    E(
        "en-temp-password",
        "Your temporary password: Lp7&qe2R",
        ("Lp7&qe2R",),
        ("Your temporary password",),
        "error",
    ),
    E(
        "error-message-with-pw",
        "パスワードを入力してログインボタンを押すと「ID又はパスワードが違います」と出る。"
        "入力したパスワードは Sd3!ok8P",
        ("Sd3!ok8P",),
        ("ID又はパスワードが違います",),
        "error",
    ),
    E("verification-code", "verification code 920377 を入力", ("920377",), ("を入力",), "error"),
    # --- several secrets in one note ---
    E(
        "both-in-one-line",
        "新しいパスワード：Pw!Zq81xTm セキュリティコード：73914826",
        ("Pw!Zq81xTm", "73914826"),
        ("新しいパスワード",),
        "consultation",
    ),
    E(
        "label-lines",
        "■新パスワード\n  Hj7&kL2p\n■セキュリティコード\n  91827364\n",
        ("Hj7&kL2p", "91827364"),
        ("■新パスワード",),
        "memo",
    ),
    E("brackets", "【パスワード】\nPp0oo9zz", ("Pp0oo9zz",), ("【パスワード】",), "memo"),
    E(
        "note-in-parens",
        "セキュリティコード（本人確認番号）：83927461",
        ("83927461",),
        ("本人確認番号",),
        "memo",
    ),
    E(
        "ends-with-colon",
        "新しいパスワードは次のとおりです：\nRk6!mq2Z\n",
        ("Rk6!mq2Z",),
        ("次のとおりです",),
    ),
    E("starts-with-x", "新パスワード:Xy7-secret-Pw", ("Xy7-secret-Pw",), ("新パスワード",)),
    # --- reply and receipt mails ---
    E(
        "ccus-reply",
        "件名：【建設キャリアアップシステム】登録メールアドレス変更完了のお知らせ\n"
        "日時：2027年1月6日(水) 14:02\n\n株式会社能登テスト建設 御中\n\n"
        "お問い合わせいただいた登録メールアドレスの変更が完了しました。\n"
        "下記の新パスワードでログインし、パスワードを変更してください。\n\n"
        f"事業者ID：{ID}\n新パスワード：Kq7#mZ2pLx\n\n"
        "パスワードの再設定は https://www.ccus.jp/password/reset からも行えます。\n",
        ("Kq7#mZ2pLx",),
        (ID, "https://www.ccus.jp/password/reset", "2027年1月6日(水) 14:02"),
        "reply",
    ),
    E(
        "receipt-plain",
        "件名: 【お問い合わせ受付：C-2612250001】\n日時: 2026年12月25日(金) 10:15\n\n"
        "お問い合わせいただきありがとうございます。\n受付番号：C-2612250001\n",
        (),
        ("C-2612250001", "2026年12月25日(金) 10:15"),
        "receipt",
    ),
    E(
        "receipt-with-note-pw",
        "【お問い合わせ受付：C-2612250002】\n※パスワードはお伝えできません。\n",
        (),
        ("C-2612250002", "パスワードはお伝えできません"),
        "receipt",
    ),
    # --- over-masking: nothing here may change ---
    E(
        "url-path",
        "再設定: https://www.ccus.jp/password/reset?lang=ja",
        (),
        ("https://www.ccus.jp/password/reset?lang=ja",),
    ),
    E("english-words", "Password reset completed", (), ("Password reset completed",)),
    E(
        "date-after-code",
        "本人確認番号：別途郵送いたします　2027年1月6日",
        (),
        ("2027年1月6日", "別途郵送いたします"),
    ),
    E(
        "date-next-line",
        "本人確認番号：別途郵送いたします\n2027/01/06 14:02 発送",
        (),
        ("2027/01/06 14:02",),
    ),
    E("unknown", "パスワード：不明", (), ("パスワード：不明",), "memo"),
    E(
        "changed",
        "パスワード変更済み（12/25 山田）",
        (),
        ("パスワード変更済み（12/25 山田）",),
        "memo",
    ),
    E("placeholder", "password: ****", (), ("password: ****",), "memo"),
    E("placeholder-x", "新パスワード:xxxxxxxx", (), ("新パスワード:xxxxxxxx",)),
    E("receipt-number", "受付番号：C-2612250001（パスワード再発行の件）", (), ("C-2612250001",)),
    E(
        "phone-and-postal",
        "パスワードの件で 0767-52-3286 に電話。〒926-0021 石川県七尾市本府中町",
        (),
        ("0767-52-3286", "〒926-0021"),
    ),
    E(
        "email-near-pw",
        "パスワード再発行の通知は ccus@noto-test.example.jp に届く",
        (),
        ("ccus@noto-test.example.jp",),
    ),
    E("id-alone", f"事業者ID：{ID} のパスワードを再設定したい", (), (ID,), "consultation"),
    E("money", "パスワード再発行の手数料 ¥3,300（税込）", (), ("¥3,300",), "consultation"),
    E("time-and-date", "パスワード変更は2027-01-08 10:30に実施", (), ("2027-01-08 10:30",)),
    E(
        "guide-sentence",
        "セキュリティコードは登録完了通知に記載があります",
        (),
        ("セキュリティコードは登録完了通知に記載があります",),
    ),
    E("passport", "パスポートの写しを受領。バス停の近く", (), ("パスポートの写しを受領",), "memo"),
    E("postal-code-en", "Postal code 920-0000, password unknown", (), ("920-0000",), "memo"),
    E("version", "パスワード管理アプリ v2.3.1 を利用中", (), ("v2.3.1",), "memo"),
    E(
        "count",
        "パスワードは8桁以上20桁以内、英数字記号を含める",
        (),
        ("8桁以上20桁以内",),
        "consultation",
    ),
    E(
        "email-change-wording",
        "登録メールアドレスとパスワードが不明なため、変更をお願いします",
        (),
        ("登録メールアドレスとパスワードが不明",),
        "error",
    ),
    # --- issue 19: the value alone on the line under a sentence that names a secret ---
    E(
        "next-line-kari",
        "以下の仮パスワードでログインしてください。\n\nQw7rTy3u",
        ("Qw7rTy3u",),
        ("ログインしてください。",),
        "reply",
    ),
    E(
        "next-line-toori",
        "パスワードは、次のとおりです。\nXk29pqLm",
        ("Xk29pqLm",),
        ("次のとおりです。",),
        "reply",
    ),
    E(
        "next-line-desu",
        "新しいパスワードです。\n\nXk38rsNw",
        ("Xk38rsNw",),
        ("新しいパスワードです。",),
    ),
    E(
        "next-line-code",
        "セキュリティコードをお知らせします。\n49381726",
        ("49381726",),
        ("お知らせします。",),
        "memo",
    ),
    E(
        "next-line-english",
        "Your temporary password is below.\nHp4wZx9q",
        ("Hp4wZx9q",),
        ("Your temporary password is below.",),
        "consultation",
    ),
    E(
        "next-line-quoted",
        "> 以下の仮パスワードでログインしてください。\n>\n> Vb6nMq2w\n> 以上",
        ("Vb6nMq2w",),
        ("> 以上",),
        "reply",
    ),
    E(
        "next-line-two-blank",
        "仮パスワードを発行しました。\n\n\nJr5tKw8e\n\nログイン後に変更してください。",
        ("Jr5tKw8e",),
        ("ログイン後に変更してください。",),
    ),
    E(
        "next-line-pair",
        "新しいパスワードとセキュリティコードです。\nLp3xQv7m\n73926481",
        ("Lp3xQv7m", "73926481"),
        ("セキュリティコードです。",),
        "memo",
    ),
    E(
        "next-line-spaced-code",
        "セキュリティコードをお知らせします。\n5 8 2 0 3 7",
        ("5 8 2 0 3 7",),
        ("お知らせします。",),
        "memo",
    ),
    E(
        "next-line-english-code",
        "Your security code is below.\n\n6183 2947",
        ("6183 2947",),
        ("Your security code is below.",),
        "consultation",
    ),
    # --- issue 19: the words people type ---
    E("p-slash-w", "P/W：Gt5hYu8k 客先に伝達", ("Gt5hYu8k",), ("客先に伝達",), "memo"),
    E("passcode", "パスコード：Ne4mWq7z", ("Ne4mWq7z",), ("パスコード：",)),
    E("full-width-dash", "パスワ－ド：Bc8vNx2q", ("Bc8vNx2q",), ("パスワ－ド：",)),
    E("hyphen-for-long-vowel", "パスワ-ド Dm9kLp3w を設定", ("Dm9kLp3w",), ("を設定",), "memo"),
    E(
        "security-dot-code",
        "セキュリティ・コード：58203746",
        ("58203746",),
        ("セキュリティ・コード",),
        "consultation",
    ),
    E("fax-ocr-spacing", "パ ス ワ ー ド ： Xy7$Lm2q", ("Xy7$Lm2q",), ("パ ス ワ ー ド",)),
    E(
        "spaced-digits",
        "セキュリティコードは 4 9 3 8 1 7 です",
        ("4 9 3 8 1 7",),
        ("です",),
        "memo",
    ),
    # --- issue 19: harmless values in the same layouts stay as typed ---
    E("ocr-receipt-number", "受付番号 C一2611260433 パスワード再発行の件", (), ("C一2611260433",)),
    E(
        "ocr-receipt-next-line",
        "パスワード再発行のお問い合わせの受付番号です。\nC一2611260433",
        (),
        ("C一2611260433",),
        "memo",
    ),
    E(
        "next-line-date",
        "パスワードの変更予定日は以下です。\n\n2027-01-08",
        (),
        ("2027-01-08",),
        "consultation",
    ),
    E(
        "next-line-url",
        "パスワードの再設定はこちら。\nhttps://www.ccus.jp/password/reset",
        (),
        ("https://www.ccus.jp/password/reset",),
    ),
    E(
        "next-line-id",
        "パスワードを忘れた事業者IDは次のとおりです。\n90000000000102",
        (),
        (ID,),
        "memo",
    ),
]
