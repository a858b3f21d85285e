"""The newsletter: double opt-in sign-up, issues written as pages, sends in batches that resume
after a lost worker without sending anyone an issue twice, one-link unsubscribe."""
