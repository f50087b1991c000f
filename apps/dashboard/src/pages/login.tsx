export function LoginPage(props: { login: { token: boolean; password: boolean }; next: string; error: string | null }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Sign in · Polywire</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
      </head>
      <body>
        <main class="login">
          <h1>Polywire</h1>
          {props.error && (
            <p class="notice error" role="alert">
              {props.error}
            </p>
          )}
          <form method="post" action="/login" class="card">
            <input type="hidden" name="next" value={props.next} />
            {props.login.token && (
              <label>
                Token <input type="password" name="token" autocomplete="current-password" autofocus />
              </label>
            )}
            {props.login.token && props.login.password && <p class="muted">or</p>}
            {props.login.password && (
              <>
                <label>
                  User <input type="text" name="user" autocomplete="username" />
                </label>
                <label>
                  Password <input type="password" name="password" autocomplete="current-password" />
                </label>
              </>
            )}
            <button type="submit">Sign in</button>
          </form>
        </main>
      </body>
    </html>
  );
}
