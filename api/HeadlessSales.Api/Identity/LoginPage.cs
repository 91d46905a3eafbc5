using System.Net;
using Microsoft.AspNetCore.Antiforgery;

namespace HeadlessSales.Api.Identity;

/// <summary>The one page HeadlessSales renders: where a person signs in during the authorization-code flow.</summary>
internal static class LoginPage
{
    public static string Render(AntiforgeryTokenSet tokens, string returnUrl, string? error, string? tenant, string? externalProvider) => $$"""
        <!doctype html>
        <html lang="zh-CN">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>HeadlessSales · 登录 Sign in</title>
          <style>
            body { font: 16px system-ui, sans-serif; display: grid; place-items: center; min-height: 100vh; margin: 0; background: #f4f5f7; }
            body > form + form { margin-top: 1rem; }
            form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 20rem; display: grid; gap: .75rem; }
            input, button { font: inherit; padding: .5rem; }
            button { background: #1f6feb; color: #fff; border: 0; border-radius: 4px; }
            .error { color: #b42318; }
          </style>
        </head>
        <body>
          <form method="post" action="{{IdentityEndpoints.LoginPath}}">
            <h1>HeadlessSales</h1>
            {{ErrorMessage(error)}}
            <input type="hidden" name="{{WebUtility.HtmlEncode(tokens.FormFieldName)}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken)}}">
            <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}">
            <label>租户 Tenant <input name="tenant" value="{{WebUtility.HtmlEncode(tenant ?? "demo")}}" required autocomplete="organization"></label>
            <label>邮箱 Email <input name="email" type="email" required autocomplete="username"></label>
            <label>密码 Password <input name="password" type="password" required autocomplete="current-password"></label>
            <label>动态验证码 Authenticator code <small>（已启用时 if enabled）</small> <input name="code" inputmode="numeric" autocomplete="one-time-code"></label>
            <button type="submit">登录 Sign in</button>
          </form>
          <form method="post" action="{{ExternalSignIn.ExternalSignInEndpoints.StartPath}}">
            <input type="hidden" name="{{WebUtility.HtmlEncode(tokens.FormFieldName)}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken)}}">
            <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}">
            {{(externalProvider is null
                ? "<label>租户 Tenant <input name=\"tenant\" required></label><button type=\"submit\">使用企业账号登录 Sign in with your organisation</button>"
                : $"<input type=\"hidden\" name=\"tenant\" value=\"{WebUtility.HtmlEncode(tenant)}\"><button type=\"submit\" class=\"external\">使用 {WebUtility.HtmlEncode(externalProvider)} 登录 Sign in with {WebUtility.HtmlEncode(externalProvider)}</button>")}}
          </form>
        </body>
        </html>
        """;

    /// <summary>An admin whose tenant requires a second factor and who has none: the new secret, and a field for its first code.</summary>
    public static string RenderEnrolment(AntiforgeryTokenSet tokens, string returnUrl, string ticket, string secret, string otpauthUri, bool wrongCode) => Shell($$"""
          <form method="post" action="{{SecondFactorAtSignIn.EnrolPath}}">
            <h1>HeadlessSales</h1>
            <p>您的租户要求管理员启用动态验证码。Your organisation requires admins to use an authenticator app.</p>
            {{(wrongCode ? "<p class=\"error\" role=\"alert\">验证码不正确。The code is wrong; check the app's clock.</p>" : "")}}
            <p>密钥 Secret: <code id="totp-secret">{{WebUtility.HtmlEncode(secret)}}</code></p>
            <p><a id="totp-uri" href="{{WebUtility.HtmlEncode(otpauthUri)}}">{{WebUtility.HtmlEncode(otpauthUri)}}</a></p>
            <input type="hidden" name="{{WebUtility.HtmlEncode(tokens.FormFieldName)}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken)}}">
            <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}">
            <input type="hidden" name="ticket" value="{{WebUtility.HtmlEncode(ticket)}}">
            <label>动态验证码 Authenticator code <input name="code" inputmode="numeric" autocomplete="one-time-code" required></label>
            <button type="submit">启用并登录 Turn on and sign in</button>
          </form>
        """);

    /// <summary>After enrolment at sign-in: the recovery codes, once, and the way on.</summary>
    public static string RenderRecoveryCodes(string returnUrl, IReadOnlyList<string> recoveryCodes) => Shell($$"""
          <div class="card">
            <h1>HeadlessSales</h1>
            <p>请保存这些恢复码，每个只能用一次，且只显示这一次。Keep these recovery codes: each works once, and they are shown only now.</p>
            <ul id="recovery-codes">{{string.Concat(recoveryCodes.Select(c => $"<li>{WebUtility.HtmlEncode(c)}</li>"))}}</ul>
            <a id="continue" href="{{WebUtility.HtmlEncode(returnUrl)}}">继续 Continue</a>
          </div>
        """);

    private static string Shell(string body) => $$"""
        <!doctype html>
        <html lang="zh-CN">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>HeadlessSales · 登录 Sign in</title>
          <style>
            body { font: 16px system-ui, sans-serif; display: grid; place-items: center; min-height: 100vh; margin: 0; background: #f4f5f7; }
            form, .card { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 24rem; display: grid; gap: .75rem; }
            input, button { font: inherit; padding: .5rem; }
            button { background: #1f6feb; color: #fff; border: 0; border-radius: 4px; }
            code { word-break: break-all; }
            .error { color: #b42318; }
          </style>
        </head>
        <body>
        {{body}}
        </body>
        </html>
        """;

    private static string ErrorMessage(string? error) => error switch
    {
        null => string.Empty,
        ExternalSignIn.ExternalSignInEndpoints.RefusedError =>
            "<p class=\"error\" role=\"alert\">企业账号登录未成功：该租户没有配置企业登录，或您不是该租户的有效成员。External sign-in failed: the tenant has no provider, or you are not an active member of it.</p>",
        _ => "<p class=\"error\" role=\"alert\">租户、邮箱或密码不正确。The tenant, email or password is wrong.</p>",
    };
}
