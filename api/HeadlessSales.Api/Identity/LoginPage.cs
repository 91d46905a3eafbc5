using System.Net;
using Microsoft.AspNetCore.Antiforgery;

namespace HeadlessSales.Api.Identity;

/// <summary>The one page HeadlessSales renders: where a person signs in during the authorization-code flow.</summary>
internal static class LoginPage
{
    public static string Render(AntiforgeryTokenSet tokens, string returnUrl, string? error) => $$"""
        <!doctype html>
        <html lang="zh-CN">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>HeadlessSales · 登录 Sign in</title>
          <style>
            body { font: 16px system-ui, sans-serif; display: grid; place-items: center; min-height: 100vh; margin: 0; background: #f4f5f7; }
            form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 20rem; display: grid; gap: .75rem; }
            input, button { font: inherit; padding: .5rem; }
            button { background: #1f6feb; color: #fff; border: 0; border-radius: 4px; }
            .error { color: #b42318; }
          </style>
        </head>
        <body>
          <form method="post" action="{{IdentityEndpoints.LoginPath}}">
            <h1>HeadlessSales</h1>
            {{(error is null ? "" : "<p class=\"error\" role=\"alert\">租户、邮箱或密码不正确。The tenant, email or password is wrong.</p>")}}
            <input type="hidden" name="{{WebUtility.HtmlEncode(tokens.FormFieldName)}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken)}}">
            <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}">
            <label>租户 Tenant <input name="tenant" value="demo" required autocomplete="organization"></label>
            <label>邮箱 Email <input name="email" type="email" required autocomplete="username"></label>
            <label>密码 Password <input name="password" type="password" required autocomplete="current-password"></label>
            <label>动态验证码 Authenticator code <small>（已启用时 if enabled）</small> <input name="code" inputmode="numeric" autocomplete="one-time-code"></label>
            <button type="submit">登录 Sign in</button>
          </form>
        </body>
        </html>
        """;
}
