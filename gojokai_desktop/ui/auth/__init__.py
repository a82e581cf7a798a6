"""Login and password dialogs (ログイン・パスワードの変更), for the start-up and the settings."""
